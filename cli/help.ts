/**
 * `ukconfig help [COMMAND]`: the list of commands, or one command's help
 * (the same text as `ukconfig COMMAND --help`).
 */
import { GLOBAL_OPTIONS, helpText, optionNames, UsageError, usageLine, type Command } from '../workspace/src/index.js';
import { allCommands, commandModule, CONF_SUMMARY } from './commands.js';

export const command: Command = {
  summary: "the list of commands, or one command's options and exit statuses",
  globals: [],
  options: [],
  operands: { text: '[COMMAND]', min: 0, max: 1, complete: 'command' },
  help: 'With --json: every command with its usage line, options and operands.',
  async run({ operands: [name] }, ws) {
    if (name === 'conf') {
      const { confProgram } = await import('kconfig-parser-ts/conf');
      return confProgram(['--help']);
    }
    if (name !== undefined) {
      const load = commandModule(name);
      if (!load) throw new UsageError(`unknown command '${name}'`);
      const c = (await load()).command;
      process.stdout.write(ws.json ? JSON.stringify(describe(name, c), null, 2) + '\n' : helpText(name, c));
      return 0;
    }
    const all = await allCommands();
    process.stdout.write(ws.json ? JSON.stringify(all.map(([n, c]) => describe(n, c)), null, 2) + '\n' : await overview(all));
    return 0;
  },
};

function describe(name: string, c: Command) {
  return {
    name,
    summary: c.summary,
    usage: usageLine(name, c),
    options: c.options.map((o) => ({ names: optionNames(o), value: o.value ?? null, help: o.help })),
    operands: { text: c.operands.text, min: c.operands.min, max: Number.isFinite(c.operands.max) ? c.operands.max : null },
    json: c.noJson === undefined,
  };
}

/** What `ukconfig help` (and `ukconfig` alone) prints. */
export async function overview(all?: [string, Command][]): Promise<string> {
  all ??= await allCommands();
  const rows: [string, string][] = [['conf', CONF_SUMMARY], ...all.map(([n, c]): [string, string] => [n, c.summary])];
  const width = Math.max(...rows.map(([n]) => n.length));
  const globals = Object.values(GLOBAL_OPTIONS).map((o) => [optionNames(o).map((n) => (o.value ? `${n} ${o.value}` : n)).join(', '), o.help]);
  const gwidth = Math.max(...globals.map(([l]) => l.length));
  return (
    'Usage: ukconfig <command> [options]\n' +
    '       ukconfig help <command>   (or ukconfig <command> --help)\n' +
    '       ukconfig --version\n\n' +
    `Commands:\n${rows.map(([n, s]) => `  ${n.padEnd(width)}  ${s}`).join('\n')}\n\n` +
    `Global options (each command's help says which it takes):\n${globals.map(([l, h]) => `  ${l.padEnd(gwidth)}  ${h}`).join('\n')}\n`
  );
}
