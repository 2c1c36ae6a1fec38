/**
 * compile_commands.json for editors (clangd, ccls): the exact compile
 * commands of every image, taken from make itself (a dry run of a full
 * build) so they cannot drift from native/rules.mk.
 */
import { join } from 'node:path';
import type { ImagePlan } from './image-plan.js';
import { dryRunCommands } from './make-runner.js';

export interface CompileCommand {
  directory: string;
  file: string;
  output: string;
  command: string;
}

// Every compile in rules.mk ends with "-c SRC -o OBJ"; paths are absolute and blank-free (checked earlier).
const COMPILE = /\s-c\s+(\S+)\s+-o\s+(\S+)\s*$/;

export function compileCommandsFrom(lines: string[], directory: string): CompileCommand[] {
  const out: CompileCommand[] = [];
  for (const line of lines) {
    const m = COMPILE.exec(line);
    if (m) out.push({ directory, file: m[1], output: m[2], command: line.trim() });
  }
  return out;
}

/**
 * Entries of all images, in image order (an editor uses the first entry of a file). Only the
 * libraries' sources: the build also assembles a file it generates (the image's symbol table).
 * The plain compiler, without the launcher (ccache, distcc): editors run these commands themselves.
 */
export async function collectCompileCommands(
  images: { plan: ImagePlan; makefile: string }[],
  vars: Record<string, string>,
): Promise<CompileCommand[]> {
  const perImage = await Promise.all(
    images.map(async (i) => {
      const sources = new Set(i.plan.libraries.flatMap((l) => l.sources.map((s) => join(l.dir, s))));
      return compileCommandsFrom(await dryRunCommands(i.makefile, { ...vars, UK_CC_LAUNCHER: '' }), i.plan.buildDir).filter((c) => sources.has(c.file));
    }),
  );
  return perImage.flat();
}
