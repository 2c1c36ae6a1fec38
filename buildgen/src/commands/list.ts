/**
 * `ukconfig list`: the micro-libraries of the pools (and of the
 * application folder, when in one) with their one-line purposes.
 */
import { relative } from 'node:path';
import { projectPaths, type Command, type CommandArgs, type Workspace } from '../../../workspace/src/index.js';
import { loadLibraries } from '../libraries.js';
import type { Manifest } from '../manifest.js';
import { Problems } from '../problems.js';

export const command: Command = {
  summary: "the pools' libraries and what each is for; --syscalls: each image's system call table",
  globals: ['dir'],
  options: [{ name: '--syscalls', help: "each image's system call table: every call, the library that implements it, or ENOSYS" }],
  operands: { text: '', min: 0, max: 0, complete: 'none' },
  help: "In an application folder, the application's library too (last).",
  run: list,
};

/** The manifest's leading comment without a repeated "name:" in front. */
function purposeOf(m: Manifest): string {
  const p = m.purpose ?? '';
  return p.startsWith(`${m.name}:`) ? p.slice(m.name.length + 1).trim() : p;
}

async function list(args: CommandArgs, ws: Workspace): Promise<number> {
  // Loaded only for --syscalls: it brings the Kconfig engine, the build
  // generator and execa, which a plain list never needs (~30 ms of its CPU).
  if (args.options.has('--syscalls')) return (await import('../syscall-list.js')).listSyscalls(ws);
  const paths = projectPaths();
  const app = ws.app;
  let manifests: Manifest[];
  try {
    manifests = loadLibraries(paths.pools, app);
  } catch (e) {
    if (!(e instanceof Problems)) throw e;
    for (const m of e.messages) process.stderr.write(m + '\n');
    return 1;
  }
  const rows = manifests.map((m) => ({
    name: m.name,
    folder: relative(paths.root, m.dir).startsWith('..') ? m.dir : relative(paths.root, m.dir),
    purpose: purposeOf(m),
  }));
  if (ws.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  const w = Math.max(...rows.map((r) => r.name.length));
  const f = Math.max(...rows.map((r) => r.folder.length));
  for (const r of rows) process.stdout.write(`${r.name.padEnd(w)}  ${r.folder.padEnd(f)}  ${r.purpose}\n`.replace(/ +\n$/, '\n'));
  return 0;
}
