/**
 * What `clean` and `distclean` share: what goes is said first, then removed.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Workspace } from '../../workspace/src/index.js';

export async function cleanCommand(ws: Workspace, withConfig: boolean): Promise<number> {
  const app = ws.requireApp();
  const name = withConfig ? 'distclean' : 'clean';
  const candidates = [join(app, 'build')];
  if (withConfig) candidates.push(resolve(ws.dir, ws.configFile), resolve(ws.dir, `${ws.configFile}.old`));
  const present = candidates
    .filter((p) => existsSync(p))
    .map((path) => ({ path, shown: `${relative(process.cwd(), path) || path}${statSync(path).isDirectory() ? '/' : ''}` }));
  // With --json, standard output is the report's.
  const out = ws.json ? process.stderr : process.stdout;
  out.write(`ukconfig ${name}: ${present.length ? `removing ${present.map((p) => p.shown).join(', ')}` : 'nothing to remove'}\n`);
  const removed: string[] = [];
  for (const p of present) {
    try {
      rmSync(p.path, { recursive: true, force: true });
      removed.push(p.shown);
    } catch (e) {
      process.stderr.write(`ukconfig ${name}: cannot remove ${p.shown}: ${(e as Error).message}\n`);
    }
  }
  if (ws.json) process.stdout.write(JSON.stringify({ removed }, null, 2) + '\n');
  return removed.length === present.length ? 0 : 1;
}
