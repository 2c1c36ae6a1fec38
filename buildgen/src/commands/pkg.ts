/**
 * `ukconfig pkg [--plat P] [--arch A] DIR [-- ARGS...]`: writes the built
 * image of the application's .config as an OCI image layout in DIR
 * (buildgen/src/oci.ts), ARGS as its command line, so that registries and
 * container tools can store and ship it; `ukconfig run --oci DIR` boots it.
 */
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { UsageError, type Command, type CommandArgs, type Workspace } from '../../../workspace/src/index.js';
import { builtImage, IMAGE_OPTIONS } from '../built-image.js';
import { GuestArgumentError, kernelCommandLine } from '../guest.js';
import { OciError, writeLayout } from '../oci.js';
import { Problems } from '../problems.js';

export const command: Command = {
  summary: 'write the built image as an OCI image layout (skopeo, registries); ukconfig run --oci boots it',
  globals: ['dir', 'config'],
  options: [
    ...IMAGE_OPTIONS,
  ],
  operands: { text: 'DIR', min: 1, max: 1, complete: 'dir', passThrough: '[-- ARGS...]' },
  help:
    'DIR becomes the layout (oci-layout, index.json, blobs/sha256/): one manifest, its configuration and one\n' +
    'layer, a tar holding the image. The manifest\'s annotations say the platform, the architecture, the command\n' +
    'line (ARGS, the guest\'s: library parameters, then -- and the application\'s) and how the image must be run.\n' +
    'An existing DIR must be empty or an OCI layout; it is replaced whole or not at all.\n' +
    'Exit status: 0 written; 1 not written (no image, DIR not usable); 2 usage.',
  run,
};

async function run(args: CommandArgs, ws: Workspace): Promise<number> {
  const [dir] = args.operands;
  const value = (name: string) => (args.options.get(name) as string | undefined) ?? null;
  try {
    const b = await builtImage(ws, value('--plat'), value('--arch'));
    if (b.stale) process.stderr.write(`ukconfig pkg: warning: ${ws.configFile} is newer than ${b.shown}: run ukconfig build to use it\n`);
    kernelCommandLine(args.passed);
    const image = readFileSync(b.image);
    const manifest = writeLayout(dir, { plat: b.plat, arch: b.arch, name: basename(b.image), args: args.passed, settings: b.settings }, image);
    const result = { layout: dir, image: b.shown, platform: b.plat, architecture: b.arch, args: args.passed, manifest: manifest.digest, bytes: image.length };
    if (ws.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else process.stdout.write(`${relative(process.cwd(), dir) || dir}: ${b.plat}-${b.arch} image ${b.shown} (${image.length} bytes), manifest ${manifest.digest}\n`);
    return 0;
  } catch (e) {
    if (e instanceof GuestArgumentError) throw new UsageError(e.message, { usage: false });
    if (e instanceof Problems || e instanceof OciError) {
      for (const m of e instanceof Problems ? e.messages : [e.message]) process.stderr.write(`ukconfig pkg: ${m}\n`);
      return 1;
    }
    throw e;
  }
}
