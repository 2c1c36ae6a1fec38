/**
 * The menu on the Linux 6.1 x86_64 tree, in a real terminal: open the
 * configuration `make x86_64_defconfig` gives (made by the real conf),
 * search a symbol whose dependencies are off, enable it through the
 * resolver's plan, save; the real conf's --olddefconfig must then leave
 * the saved file unchanged.
 *
 * The tree is $UKCONFIG_LINUX_DIR, else <repo>/.cache/linux-6.1 (prepared
 * by kconfig/test/oracle/setup.sh). Missing, it fails, unless
 * UKCONFIG_SKIP_ORACLE=1 asks to skip it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { haveTmux, REPO, shellQuote, Tmux, UKCONFIG, screenLines } from './tmux.js';

const LINUX = resolve(process.env.UKCONFIG_LINUX_DIR || join(REPO, '.cache/linux-6.1'));
const SKIP = process.env.UKCONFIG_SKIP_ORACLE === '1';
const CONF = join(LINUX, 'scripts/kconfig/conf');
const SHIM = join(LINUX, 'kshell_cache.so');
const PROBES = join(LINUX, 'probes-x86_64');

/** The environment the kernel Makefile gives conf (kconfig/test/oracle/linux-env.sh). */
function linuxEnv(): Record<string, string> {
  const raw = execFileSync('bash', [join(REPO, 'kconfig/test/oracle/linux-env.sh'), LINUX, 'x86_64'], { encoding: 'utf8' });
  const env: Record<string, string> = {};
  for (const kv of raw.split('\0')) if (kv) env[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
  return env;
}

/** Runs the real conf in `dir` on `config`, probes replayed from the oracle's recording. */
function realConf(dir: string, config: string, ...args: string[]): void {
  execFileSync(CONF, ['-s', ...args, 'Kconfig'], {
    cwd: dir,
    env: { ...linuxEnv(), KCONFIG_CONFIG: config, LD_PRELOAD: SHIM, KSHELL_CACHE: PROBES },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

const cursorLine = (screen: string) => screenLines(screen).find((l) => l.startsWith('>')) ?? '';

let t: Tmux | null = null;
let scratch: string | null = null;
afterAll(() => {
  t?.kill();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(SKIP)('the menu on Linux 6.1 x86_64', () => {
  it('searches a symbol, enables it through a plan, saves what the real conf accepts unchanged', { timeout: 240_000 }, async () => {
    for (const f of [CONF, SHIM, PROBES]) {
      if (!existsSync(f)) throw new Error(`${f} is missing: run kconfig/test/oracle/setup.sh (or set UKCONFIG_LINUX_DIR; UKCONFIG_SKIP_ORACLE=1 skips this test)`);
    }
    if (!haveTmux()) throw new Error('tmux is needed (apt-get install tmux)');
    scratch = mkdtempSync(join(tmpdir(), 'ukconfig-linux-menu-'));
    const config = join(scratch, '.config');
    realConf(scratch, config, '--defconfig=arch/x86/configs/x86_64_defconfig');
    expect(readFileSync(config, 'latin1')).toContain('# CONFIG_KVM is not set');
    expect(readFileSync(config, 'latin1')).not.toContain('CONFIG_KVM_INTEL');

    t = new Tmux();
    // The menu replays the same probe recording the real conf gets through its shim.
    const env = { ...linuxEnv(), HOME: process.env.HOME ?? '/root', KSHELL_CACHE: PROBES };
    t.start(`node ${shellQuote(UKCONFIG)} menu --kconfig Kconfig --config .config`, { cwd: scratch, env, columns: 120, rows: 40 });
    await t.waitFor((s) => s.includes('Linux/x86') && s.includes('Device Drivers'), 120_000);

    await t.press('/', 'Search');
    t.type('KVM_INTEL');
    await t.waitFor((s) => cursorLine(s).includes('KVM_INTEL = n'));
    // Hidden (KVM is off): show-all comes on to reach it.
    await t.press('Enter', (s) => s.includes('[show-all]') && cursorLine(s).includes('KVM for Intel'));
    t.keys('y');
    const why = await t.waitFor((s) => /Plan: \d+ changes? set KVM_INTEL to y/.test(s), 60_000);
    expect(why).toContain('KVM_INTEL = n; you asked for y');
    expect(why).toMatch(/KVM: n -> [my]/);
    await t.press('p', 'Plan applied');
    expect(cursorLine(t.screen())).toMatch(/<\*> KVM for Intel|\[\*\] KVM for Intel/);
    await t.press('S', 'Save configuration to: .config');
    await t.press('Enter', 'Configuration saved to .config');
    t.keys('Q');
    expect(await t.exitStatus(30_000)).toBe(0);

    const saved = readFileSync(config, 'latin1');
    expect(saved).toContain('CONFIG_KVM_INTEL=y');
    expect(readFileSync(`${config}.old`, 'latin1')).toContain('# CONFIG_KVM is not set');
    const checked = join(scratch, 'checked.config');
    copyFileSync(config, checked);
    realConf(scratch, checked, '--olddefconfig');
    expect(readFileSync(checked, 'latin1')).toBe(saved);
  });
});
