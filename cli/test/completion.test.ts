/**
 * `ukconfig completion bash|zsh`: the scripts are made from each command's
 * description, so they must offer what the parsers take. bash: the
 * completion function run on command lines (COMP_WORDS). zsh: a real
 * interactive zsh on a pseudo-terminal (zpty), completion asked for with
 * a key bound to the completion system, the matches it would offer printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allCommands } from '../commands.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/ukconfig.js');
const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-completion-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
mkdirSync(join(scratch, 'somedir'));
writeFileSync(join(scratch, 'some.config'), '');

function script(shell: string): string {
  const r = spawnSync(process.execPath, [BIN, 'completion', shell], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** For each command line (the word being completed last), what bash's completion function offers. */
function bashOffers(lines: string[][]): string[][] {
  const file = join(scratch, 'ukconfig.bash');
  writeFileSync(file, script('bash'));
  const calls = lines
    .map((words) => `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _ukconfig; printf '%s\\n' "\${COMPREPLY[*]}"`)
    .join('\n');
  const r = spawnSync('bash', ['-c', `source ${file}\n${calls}`], { cwd: scratch, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').slice(0, lines.length).map((l) => l.split(' ').filter(Boolean).sort());
}

describe('bash', () => {
  it('commands, each command\'s options, option values and operands', async () => {
    const all = await allCommands();
    const [first, buildOpts, machine, help, dir, files, afterDashDash, shells, enable] = bashOffers([
      ['ukconfig', ''],
      ['ukconfig', 'build', '-'],
      ['ukconfig', 'run', '--machine', ''],
      ['ukconfig', 'help', 'd'],
      ['ukconfig', '-C', 'some'],
      ['ukconfig', 'apply', 'some'],
      ['ukconfig', 'run', '--', '-'],
      ['ukconfig', 'completion', ''],
      ['ukconfig', 'enable', '--'],
    ]);
    expect(first).toEqual(['conf', ...all.map(([n]) => n)].sort());
    expect(buildOpts).toEqual(['--app', '--cc-launcher', '--config', '--help', '--jobs', '--json', '--matrix', '-C', '-h', '-j'].sort());
    expect(machine).toEqual(['microvm', 'pc', 'virt']);
    expect(help).toEqual(['disable', 'distclean']);
    expect(dir).toEqual(['somedir']);
    expect(files).toEqual(['some.config', 'somedir']);
    expect(afterDashDash).toEqual([]);
    expect(shells).toEqual(['bash', 'zsh']);
    expect(enable).toEqual(['--app', '--apply', '--config', '--help', '--json', '--kconfig', '--keep', '--timeout'].sort());
  });
});

/**
 * zsh, driven on a pseudo-terminal: for each line, the matches the
 * completion system adds (compadd wrapped to print them).
 */
const ZSH_DRIVER = `
zmodload zsh/zpty
dir=$1; shift
zpty z 'zsh -f -i'
zpty -w z "PS1=''; PS2=''; cd ${'$'}{(q)dir}; fpath=(${'$'}{(q)dir} \\$fpath); autoload -U compinit; compinit -u -D"
zpty -w z '_capture() { compadd() { local -a __h; builtin compadd -O __h "$@"; (( $#__h )) && print -r -- "HITS:\${(j: :)__h}"; builtin compadd "$@"; }; _main_complete; unfunction compadd; }'
zpty -w z 'zle -C capture complete-word _capture; bindkey "^T" capture'
zpty -w z 'print READY-$((1+1))'
zpty -r z out '*READY-2*'
n=0
for line in "$@"; do
  (( n++ ))
  # The line and the completion key, then wait for the completion's first offers before the next
  # keys: zle skips completing when more input is already waiting (typeahead; seen on a loaded machine).
  zpty -w -n z "$line"$'\\x14'
  zpty -r z first "*HITS:*"$'\\n'"*"
  zpty -w -n z $'\\x15'
  zpty -w z "print DONE-\\$((40+$n))"
  zpty -r z out "*DONE-$((40+n))*"
  print -r -- "CASE $n"
  print -r -- "$first$out" | tr -d '\\r' | grep -ao 'HITS:[^'$'\\e'']*'
done
zpty -d z
`;

function zshOffers(lines: string[]): string[][] {
  writeFileSync(join(scratch, '_ukconfig'), script('zsh'));
  writeFileSync(join(scratch, 'driver.zsh'), ZSH_DRIVER);
  const r = spawnSync('zsh', ['-f', join(scratch, 'driver.zsh'), scratch, ...lines], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split(/^CASE \d+\n/m)
    .slice(1)
    .map((block) => [...new Set(block.split('\n').flatMap((l) => (l.startsWith('HITS:') ? l.slice(5).trim().split(' ') : [])).filter(Boolean))].sort());
}

describe('zsh', () => {
  it('the script is valid zsh', () => {
    writeFileSync(join(scratch, '_ukconfig'), script('zsh'));
    const r = spawnSync('zsh', ['-n', join(scratch, '_ukconfig')], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
  });

  it('commands, options, option values and operands, through the completion system', { timeout: 90_000 }, async () => {
    const [commands, buildOpts, machine, help, shells, enable, apply] = zshOffers([
      'ukconfig ',
      'ukconfig build --j',
      'ukconfig run --machine ',
      'ukconfig help d',
      'ukconfig completion ',
      'ukconfig enable --ap',
      'ukconfig apply some',
    ]);
    const all = await allCommands();
    expect(commands).toEqual(['conf', ...all.map(([n]) => n)].sort());
    expect(buildOpts).toEqual(['--jobs', '--json']);
    expect(machine).toEqual(['microvm', 'pc', 'virt']);
    expect(help).toEqual(['disable', 'distclean']);
    expect(shells).toEqual(['bash', 'zsh']);
    expect(enable).toEqual(['--app', '--apply']);
    expect(apply).toEqual(['some.config', 'somedir']);
  });
});
