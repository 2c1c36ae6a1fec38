/**
 * `ukconfig list --syscalls`: the system call table of each image of the
 * current configuration (number, name, implementing library), then the
 * calls the pools offer that the image leaves out, with their libraries.
 * Nothing is fetched or compiled.
 */
import { join } from 'node:path';
import { projectPaths, type Workspace } from '../../workspace/src/index.js';
import { loadAppTree } from './app-tree.js';
import { generate } from './generate.js';
import { loadLibraries } from './libraries.js';
import { Problems } from './problems.js';
import { imageSyscalls, syscallNumbers, syscallProviders } from './syscall-table.js';

export async function listSyscalls(ws: Workspace): Promise<number> {
  let rows;
  try {
    const { app, kc } = await loadAppTree(ws);
    const generation = generate(kc, { app, configFile: ws.configFile, buildRoot: join(app, 'build') });
    const providers = syscallProviders(loadLibraries(projectPaths().pools, app));
    rows = generation.images.map(({ plan }) => {
      const numbers = syscallNumbers(plan.arch).byName;
      const { table } = imageSyscalls(plan);
      const calls = [...table].map(([name, lib]) => ({ nr: numbers.get(name)!, name, library: lib.name })).sort((a, b) => a.nr - b.nr);
      const elsewhere = [...providers]
        .filter(([name]) => !table.has(name) && numbers.has(name))
        .map(([name, ps]) => ({ nr: numbers.get(name)!, name, libraries: ps.map((p) => p.library) }))
        .sort((a, b) => a.nr - b.nr);
      return { image: plan.id, syscalls: calls, notInImage: elsewhere };
    });
  } catch (e) {
    if (!(e instanceof Problems)) throw e;
    for (const m of e.messages) process.stderr.write(m + '\n');
    return 1;
  }
  if (ws.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  for (const r of rows) {
    process.stdout.write(`${r.image}: ${r.syscalls.length} system calls\n`);
    const w = Math.max(4, ...r.syscalls.map((c) => c.name.length));
    for (const c of r.syscalls) process.stdout.write(`${String(c.nr).padStart(5)}  ${c.name.padEnd(w)}  ${c.library}\n`);
    if (r.notInImage.length) {
      process.stdout.write(`  not in this image: ${r.notInImage.map((c) => `${c.name} (${c.libraries.join(', ')})`).join(', ')}\n`);
    }
  }
  return 0;
}
