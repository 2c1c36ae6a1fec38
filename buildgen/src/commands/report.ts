/**
 * `ukconfig report [--dot]`: for each image of the application's current
 * configuration, the libraries in it, why each is there (from the engine,
 * through the resolver's explain) and its share of the image in bytes
 * (from the link map the build writes), as a table, as JSON or as a
 * Graphviz graph.
 */
import { join, relative } from 'node:path';
import { UsageError, type Command, type CommandArgs, type Workspace } from '../../../workspace/src/index.js';
import { loadAppTree } from '../app-tree.js';
import { generate, type GeneratedImage } from '../generate.js';
import { Problems } from '../problems.js';
import { checkBuilt, imageReport, type ImageReport } from '../report/image-report.js';
import { libraryReasons, type Reasons } from '../report/reasons.js';
import { renderDot, renderTable } from '../report/render.js';

export const command: Command = {
  summary: 'what is in each built image: its libraries, why each is there, and its bytes',
  globals: ['dir', 'config'],
  options: [{ name: '--dot', help: 'a Graphviz graph of the libraries and what pulls each in (dot -Tsvg draws it)' }],
  operands: { text: '', min: 0, max: 0, complete: 'none' },
  help:
    'Sizes come from the link map of each image (build/<name>_<image>.map) and count\n' +
    'text (code and constants), data and bss as size(1) does; bytes that belong to no\n' +
    'library (padding, the symbol table, libgcc) have rows of their own. The images must\n' +
    'be built from the current configuration (ukconfig build).\n' +
    'Exit status: 0 reported; 1 bad configuration or an image not built; 2 usage.',
  run: report,
};

async function report(args: CommandArgs, ws: Workspace): Promise<number> {
  const dot = args.options.has('--dot');
  if (dot && ws.json) throw new UsageError('--dot and --json are two different outputs: give one');
  const shown = (p: string) => relative(process.cwd(), p) || p;
  let reports: ImageReport[];
  try {
    const { app, kc } = await loadAppTree(ws);
    const views: { image: GeneratedImage; reasons: Reasons }[] = [];
    const generation = generate(kc, {
      app,
      configFile: ws.configFile,
      buildRoot: join(app, 'build'),
      inView: (image, view) => views.push({ image, reasons: libraryReasons(image.plan, view) }),
    });
    for (const w of generation.warnings) process.stderr.write(w + '\n');
    for (const { image } of views) checkBuilt(image.plan, image.configHeader, shown);
    reports = views.map(({ image, reasons }) => imageReport(image.plan, reasons, shown));
  } catch (e) {
    if (!(e instanceof Problems)) throw e;
    for (const m of e.messages) process.stderr.write(`ukconfig report: ${m}\n`);
    if (ws.json) process.stdout.write(JSON.stringify({ images: [], problems: e.messages }, null, 2) + '\n');
    return 1;
  }
  if (ws.json) process.stdout.write(JSON.stringify({ images: reports }, null, 2) + '\n');
  else if (dot) process.stdout.write(renderDot(reports));
  else process.stdout.write(reports.map(renderTable).join('\n'));
  return 0;
}
