/**
 * The Linux 6.1 tree for the resolver's sweep test: env UKCONFIG_LINUX_DIR,
 * else <repo>/.cache/linux-6.1 as kconfig/test/oracle/setup.sh prepares it
 * ($(shell) probe outputs in probes-x86_64/, replayed here).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyConfigs, loadKconfig, type Kconfig } from 'kconfig-parser-ts';
import { RecordedShell } from '../../kconfig/dist/shell.js';
import { silent } from './helpers.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function linuxDir(): string {
  return resolve(process.env.UKCONFIG_LINUX_DIR || join(REPO, '.cache/linux-6.1'));
}

/** Why the tree cannot be used, or null. */
export function linuxProblem(): string | null {
  const dir = linuxDir();
  for (const p of ['Kconfig', 'arch/x86/configs/x86_64_defconfig', 'probes-x86_64'])
    if (!existsSync(join(dir, p)))
      return `Linux 6.1 tree not usable: ${join(dir, p)} is missing (run kconfig/test/oracle/setup.sh, or set UKCONFIG_LINUX_DIR; UKCONFIG_SKIP_ORACLE=1 skips on purpose)`;
  return null;
}

export function linuxEnv(dir: string): Record<string, string> {
  const raw = execFileSync('bash', [join(REPO, 'kconfig/test/oracle/linux-env.sh'), dir, 'x86_64'], { encoding: 'utf8' });
  const env: Record<string, string> = {};
  for (const kv of raw.split('\0')) if (kv) env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
  return env;
}

/** The x86_64 tree configured as after `make x86_64_defconfig`: .config written and read back. */
export function linuxDefconfig(): { kc: Kconfig; config: string } {
  const dir = linuxDir();
  const env = linuxEnv(dir);
  const kc = loadKconfig('Kconfig', { cwd: dir, env, output: silent, shell: new RecordedShell(join(dir, 'probes-x86_64'), env, dir) });
  const r = applyConfigs(kc, 'arch/x86/configs/x86_64_defconfig');
  if (r.missing) throw new Error(`cannot read ${r.missing}`);
  const config = join(mkdtempSync(join(tmpdir(), 'resolver-linux-')), '.config');
  if (!kc.writeConfig(config) || !kc.readConfig(config)) throw new Error(`cannot write and read ${config}`);
  return { kc, config };
}
