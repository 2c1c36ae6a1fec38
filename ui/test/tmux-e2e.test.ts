/**
 * The real `ukconfig menu` in a real terminal (tmux): configure a tree with
 * keys, save, and compare the saved .config with what the engine computes
 * for the same assignments; the terminal is given back on every way out
 * (quit, Ctrl-C, a signal, a crash); colours and NO_COLOR; resize; mouse;
 * no terminal at all.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseTree, openTree } from '../../workspace/src/index.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTree, readText, scratchTree, silent } from './helpers.js';
import { haveTmux, REPO, screenLines, shellQuote, Tmux, UKCONFIG } from './tmux.js';

let t: Tmux;
afterEach(() => t?.kill());

beforeAll(() => {
  if (!haveTmux()) throw new Error('tmux is needed for the terminal tests (apt-get install tmux)');
  if (!existsSync(join(REPO, 'dist/ui/src/commands/menu.js'))) throw new Error('build first (npx tsc -b): bin/ukconfig.js runs dist/');
});

const MENU = `node ${shellQuote(UKCONFIG)} menu --kconfig Kconfig --config .config`;

/** The line with the cursor mark. */
const cursorLine = (screen: string) => screenLines(screen).find((l) => l.startsWith('>')) ?? '';
const cursorOn = (text: string) => (s: string) => cursorLine(s).includes(text);

/** Moves the cursor down until it is on `text`. */
async function moveTo(t: Tmux, text: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (cursorOn(text)(t.screen())) return;
    const before = cursorLine(t.screen());
    await t.press('j', (s) => cursorLine(s) !== before);
  }
  throw new Error(`cursor never reached ${text}:\n${t.screen()}`);
}

function expectedConfig(dir: string, assignments: [string, string][]): string {
  const kc = loadTree(dir);
  writeFileSync(join(dir, 'empty.config'), '');
  kc.readConfig(join(dir, 'empty.config'));
  for (const [name, value] of assignments) expect(kc.symbol(name)!.setValue(value), `${name}=${value}`).toBe(true);
  return kc.configText();
}

async function startMenu(dir: string, env: Record<string, string> = {}, size = { columns: 100, rows: 30 }): Promise<string> {
  t = new Tmux();
  t.start(MENU, { cwd: dir, env, ...size });
  return t.waitFor((s) => s.includes('ukconfig menu') && s.includes('Basics'));
}

describe('ukconfig menu in a terminal', () => {
  it('configures a tree with keys; the saved .config is what the engine computes', async () => {
    const dir = scratchTree('basic');
    await startMenu(dir);
    await moveTo(t, 'Networking');
    await t.press('y', cursorOn('[*] Networking'));
    await t.press('Enter', 'Test menu > Networking');
    await moveTo(t, 'IPv6');
    await t.press('n', cursorOn('[ ] IPv6'));
    await t.press('Escape', (s) => !s.includes('> Networking'));
    await t.press('Home', cursorOn('Enable loadable module'));
    await moveTo(t, 'Basics');
    await t.press('Enter', 'Test menu > Basics');
    await moveTo(t, 'Beta driver');
    await t.press('m', cursorOn('<M> Beta driver'));
    await moveTo(t, 'Count');
    await t.press('Enter', 'COUNT (integer): 4');
    t.keys('C-u');
    t.type('7');
    await t.press('Enter', cursorOn('(7) Count'));
    await moveTo(t, 'Name');
    await t.press('Enter', 'NAME (string): world');
    t.keys('C-u');
    t.type('from tmux');
    await t.press('Enter', cursorOn('(from tmux) Name'));
    await t.press('Escape', (s) => !s.includes('> Basics'));
    await moveTo(t, 'Flavour');
    await t.press('Enter', '(X) Vanilla');
    await t.press(['j', 'Space'], '(X) Chocolate');
    await t.press('Escape', 'Flavour (Chocolate)');
    await t.press('S', 'Save configuration to: .config');
    await t.press('Enter', 'Configuration saved to .config');
    t.keys('Q');
    expect(await t.exitStatus()).toBe(0);
    const want = expectedConfig(dir, [
      ['NET', 'y'],
      ['NET_IPV6', 'n'],
      ['BETA', 'm'],
      ['COUNT', '7'],
      ['NAME', 'from tmux'],
      ['CHOCOLATE', 'y'],
    ]);
    expect(readText(join(dir, '.config'))).toBe(want);
    expect(t.modes()).toEqual({ alternate: false, mouse: false, cursor: true });
  });

  it('asks before quitting with unsaved changes; n leaves without saving', async () => {
    const dir = scratchTree('basic');
    await startMenu(dir);
    await t.press('n', cursorOn('[ ] Enable loadable module'));
    await t.press('q', 'Save your changes before quitting?');
    t.keys('n');
    expect(await t.exitStatus()).toBe(0);
    expect(t.screen()).toContain('Your configuration changes were NOT saved.');
    expect(existsSync(join(dir, '.config'))).toBe(false);
    expect(t.modes()).toEqual({ alternate: false, mouse: false, cursor: true });
  });

  it('Ctrl-C leaves at once without saving and gives the terminal back', async () => {
    const dir = scratchTree('basic');
    await startMenu(dir);
    await t.press('n', cursorOn('[ ] Enable loadable module'));
    t.keys('C-c');
    expect(await t.exitStatus()).toBe(0);
    expect(t.screen()).toContain('Your configuration changes were NOT saved.');
    expect(existsSync(join(dir, '.config'))).toBe(false);
    expect(t.modes()).toEqual({ alternate: false, mouse: false, cursor: true });
  });

  it('a termination signal gives the terminal back', async () => {
    const dir = scratchTree('basic');
    await startMenu(dir);
    expect(t.modes()).toMatchObject({ alternate: true, mouse: true });
    const node = execFileSync('pgrep', ['-P', String(t.panePid()), 'node'], { encoding: 'utf8' }).trim();
    process.kill(Number(node), 'SIGTERM');
    expect(await t.exitStatus()).toBe(143);
    expect(t.modes()).toEqual({ alternate: false, mouse: false, cursor: true });
  });

  it('a crash gives the terminal back and says what happened', async () => {
    t = new Tmux();
    const script = [
      `const { TerminalGuard } = await import(${JSON.stringify(join(REPO, 'dist/ui/src/terminal.js'))});`,
      'process.stdin.setRawMode(true);',
      'new TerminalGuard(process.stdin, process.stdout, true).enter();',
      "setTimeout(() => { throw new Error('boom in a timer'); }, 300);",
    ].join(' ');
    t.start(`node --input-type=module -e ${shellQuote(script)}`, { cwd: REPO });
    expect(await t.exitStatus()).toBe(70);
    expect(t.screen()).toContain('ukconfig menu: internal error: Error: boom in a timer');
    expect(t.modes()).toEqual({ alternate: false, mouse: false, cursor: true });
  });

  it('draws in the 16 basic colours, and without colour when NO_COLOR is set', async () => {
    const colourSgr = /\u001b\[[0-9;]*(3[0-7]|4[0-7]|9[0-7]|10[0-7])[;m]/;
    const dir = scratchTree('basic');
    await startMenu(dir);
    const coloured = t.screen(true);
    expect(coloured).toMatch(colourSgr);
    // Nothing beyond the 16 colours: no 256-colour or RGB sequences.
    expect(coloured).not.toMatch(/\u001b\[[0-9;]*[34]8;[25];/);
    t.kill();
    await startMenu(dir, { NO_COLOR: '1' });
    const plain = t.screen(true);
    expect(plain).not.toMatch(colourSgr);
    // The cursor line still stands out (inverse video).
    expect(plain).toMatch(/\u001b\[[0-9;]*7m/);
  });

  it('follows a terminal resize and stays one line shorter than the terminal', async () => {
    const dir = scratchTree('basic');
    let s = await startMenu(dir);
    expect(screenLines(s)[28]).toContain('⏎ open');
    t.resize(70, 12);
    // tmux first reflows the old frame (its wrapped lines can show '⏎ open' too):
    // wait for the menu's own frame, whose last line stays empty.
    s = await t.waitFor((x) => (screenLines(x)[10] ?? '').includes('⏎ open') && screenLines(x)[11] === '');
    const l = screenLines(s);
    expect(l.length).toBe(12);
    expect(l[11]).toBe('');
    for (const line of l) expect([...line].length).toBeLessThanOrEqual(70);
    await t.press('j', cursorOn('Basics'));
    // Growing again: one clean frame, nothing left over from the small one.
    t.resize(90, 25);
    s = await t.waitFor((x) => (screenLines(x)[23] ?? '').includes('⏎ open') && screenLines(x)[24] === '');
    expect(screenLines(s).filter((x) => x.includes('ukconfig menu'))).toHaveLength(1);
    expect(screenLines(s).filter((x) => x.includes('⏎ open'))).toHaveLength(1);
    expect(screenLines(s)[24]).toBe('');
    expect(cursorLine(s)).toContain('Basics');
  });

  it('takes mouse clicks and the wheel from the terminal', async () => {
    const dir = scratchTree('basic');
    await startMenu(dir);
    // Screen line 4 (1-based) is the list's third row: "Flavour".
    t.type('\u001b[<0;10;5M');
    await t.waitFor(cursorOn('Flavour'));
    t.type('\u001b[<0;10;5M');
    await t.waitFor('Test menu > Flavour');
    t.keys('Escape');
    await t.waitFor((s) => !s.includes('> Flavour'));
    t.type('\u001b[<65;10;5M');
    await t.waitFor(cursorOn('Selector'));
  });

  it('in an application folder it opens the pools tree with the application in it', async () => {
    const app = mkdtempSync(join(tmpdir(), 'ukconfig-ui-app-'));
    cpSync(join(REPO, 'examples/helloworld'), app, { recursive: true, filter: (src) => !/\/(build|\.config[^/]*)$/.test(src) });
    t = new Tmux();
    t.start(`node ${shellQuote(UKCONFIG)} menu`, { cwd: app, columns: 100, rows: 30 });
    await t.waitFor((s) => s.includes('Application') && s.includes('Libraries'), 30000);
    await t.press('/', 'Search');
    t.type('HELLOWORLD_PRINT_ARGS');
    await t.waitFor((s) => cursorLine(s).includes('HELLOWORLD_PRINT_ARGS = y'));
    await t.press('Enter', (s) => cursorLine(s).includes('Print the command-line arguments'));
    await t.press('n', (s) => cursorLine(s).includes('[ ] Print the command-line arguments'));
    await t.press('S', 'Save configuration to: .config');
    await t.press('Enter', 'Configuration saved');
    t.keys('Q');
    expect(await t.exitStatus()).toBe(0);
    // The same tree `build` opens, with the same assignment.
    const kc = await openTree(chooseTree({ kconfig: null, config: '.config', json: false, dir: null }, process.env, app), silent);
    writeFileSync(join(app, 'empty.config'), '');
    kc.readConfig(join(app, 'empty.config'));
    expect(kc.symbol('HELLOWORLD_PRINT_ARGS')!.setValue('n')).toBe(true);
    expect(readText(join(app, '.config'))).toBe(kc.configText());
    rmSync(app, { recursive: true, force: true });
  });

  it('n on a selected driver offers the plans best first; 3 makes the third (helloworld on kvm-x86_64)', async () => {
    const app = mkdtempSync(join(tmpdir(), 'ukconfig-ui-app-'));
    cpSync(join(REPO, 'examples/helloworld'), app, { recursive: true, filter: (src) => !/\/(build|\.config[^/]*)$/.test(src) });
    expect(spawnSync(process.execPath, [UKCONFIG, 'apply', 'defconfigs/kvm-x86_64'], { cwd: app }).status).toBe(0);
    t = new Tmux();
    t.start(`node ${shellQuote(UKCONFIG)} menu`, { cwd: app, columns: 120, rows: 40 });
    await t.waitFor((s) => s.includes('Application') && s.includes('Libraries'), 30000);
    await t.press('/', 'Search');
    t.type('LIBNS16550');
    await t.waitFor((s) => cursorLine(s).includes('LIBNS16550 = y'));
    await t.press('Enter', (s) => cursorLine(s).includes('ns16550'));
    t.keys('n');
    // The plan that keeps the architecture comes first; the one that changes it says so.
    const why = await t.waitFor((s) => s.includes('Plan 3:'), 15000);
    expect(why).toContain('Plans: 3 set LIBNS16550 to n, best first');
    expect(why).toMatch(/Plan 1: 2 changes; changes what you chose: PLAT_KVM \(y -> n\)/);
    expect(why).toMatch(/Plan 2: 1 change; changes what you chose: the choice "Architecture" \(ARCH_X86_64 -> ARCH_ARM32\)/);
    expect(why).toMatch(/Plan 3: 1 change; changes what you chose: the choice "Architecture" \(ARCH_X86_64 -> ARCH_ARM64\)/);
    await t.press('3', 'Plan 3 applied');
    await t.press('S', 'Save configuration to: .config');
    await t.press('Enter', 'Configuration saved');
    t.keys('Q');
    expect(await t.exitStatus()).toBe(0);
    const config = readText(join(app, '.config'));
    expect(config).toContain('CONFIG_ARCH_ARM64=y\n');
    expect(config).toContain('CONFIG_PLAT_KVM=y\n');
    rmSync(app, { recursive: true, force: true });
  });

  it('reports a tree that cannot be read, with conf\'s words, and exits 1', async () => {
    const dir = scratchTree('basic');
    writeFileSync(join(dir, 'Broken'), 'config A\n\tbool "A"\n\tdepends on\n');
    t = new Tmux();
    t.start(`node ${shellQuote(UKCONFIG)} menu --kconfig Broken`, { cwd: dir });
    expect(await t.exitStatus()).toBe(1);
    expect(t.screen()).toContain('Broken:4: syntax error');
    t.kill();
    t = new Tmux();
    t.start(`node ${shellQuote(UKCONFIG)} menu --kconfig Missing`, { cwd: dir });
    expect(await t.exitStatus()).toBe(1);
    const s = t.screen();
    expect(s).toContain("can't find file Missing");
    expect(s.split("can't find file Missing").length).toBe(2);
  });

  it('without a terminal it says to use ukconfig apply or ukconfig conf', () => {
    const dir = scratchTree('basic');
    const r = spawnSync(process.execPath, [UKCONFIG, 'menu', '--kconfig', 'Kconfig'], { cwd: dir, encoding: 'utf8', input: '' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('needs an interactive terminal');
    expect(r.stderr).toContain('ukconfig apply');
    expect(r.stderr).toContain('ukconfig conf');
    expect(r.stdout).toBe('');
  });
});
