/**
 * `ukconfig completion bash|zsh`: a completion script for the shell, made
 * from each command's description (the one its parser and --help use), so
 * it offers exactly the commands, options and values the parsers accept.
 *
 *   bash: source <(ukconfig completion bash)      (or save it in ~/.local/share/bash-completion/completions/ukconfig)
 *   zsh:  ukconfig completion zsh > ~/.zfunc/_ukconfig   (a folder in $fpath, before compinit)
 */
import { GLOBAL_OPTIONS, optionNames, UsageError, type Command, type Completion, type OptionSpec } from '../workspace/src/index.js';
import { allCommands } from './commands.js';

export const command: Command = {
  summary: 'print a bash or zsh completion script (source it from your shell)',
  globals: [],
  options: [],
  operands: { text: 'bash|zsh', min: 1, max: 1, complete: ['bash', 'zsh'] },
  noJson: 'it prints a shell script',
  help:
    'bash: source <(ukconfig completion bash), e.g. in ~/.bashrc\n' +
    'zsh:  ukconfig completion zsh > DIR/_ukconfig, with DIR in $fpath before compinit runs',
  async run({ operands: [shell] }) {
    const all = await allCommands();
    if (shell === 'bash') process.stdout.write(bashScript(all));
    else if (shell === 'zsh') process.stdout.write(zshScript(all));
    else throw new UsageError(`no completion for '${shell}' (bash or zsh)`);
    return 0;
  },
};

/** The options a command's line takes: its own, the global ones it uses, --json unless refused, --help. */
function optionsOf(c: Command): OptionSpec[] {
  const help: OptionSpec = { name: '--help', aliases: ['-h'], help: 'this help' };
  return [...c.options, ...c.globals.map((g) => GLOBAL_OPTIONS[g]), ...(c.noJson === undefined ? [GLOBAL_OPTIONS.json] : []), help];
}

const GLOBALS_BEFORE_COMMAND = Object.values(GLOBAL_OPTIONS);

// ---- bash ------------------------------------------------------------------

/** A bash command that fills COMPREPLY for `kind`. */
function bashComplete(kind: Completion | undefined, commands: string[]): string {
  if (kind === undefined || kind === 'none') return 'return 0';
  if (kind === 'file') return '__ukconfig_files; return 0';
  if (kind === 'dir') return '__ukconfig_dirs; return 0';
  const words = kind === 'command' ? commands : kind;
  return `__ukconfig_words ${bashQuote(words.join(' '))}; return 0`;
}

function bashQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `case $prev in` arms for the options that take a value. */
function bashValueArms(options: OptionSpec[], commands: string[], indent: string): string[] {
  return options
    .filter((o) => o.value !== undefined && !o.optionalValue)
    .map((o) => `${indent}${optionNames(o).join('|')}) ${bashComplete(o.complete, commands)} ;;`);
}

export function bashScript(all: [string, Command][]): string {
  const commands = ['conf', ...all.map(([n]) => n)];
  const globalsWithValue = GLOBALS_BEFORE_COMMAND.filter((o) => o.value).flatMap(optionNames);
  const arms = all.map(([name, c]) => {
    const opts = optionsOf(c);
    const lines = [`\t${name})`];
    if (c.operands.passThrough) lines.push('\t\t((dashdash)) && return 0');
    lines.push('\t\tcase $prev in', ...bashValueArms(opts, commands, '\t\t'), '\t\tesac');
    lines.push(`\t\tif [[ $cur == -* ]] && ((!dashdash)); then __ukconfig_words ${bashQuote(opts.flatMap(optionNames).join(' '))}; return 0; fi`);
    lines.push(`\t\t${c.operands.max === 0 ? 'return 0' : bashComplete(c.operands.complete, commands)}`);
    lines.push('\t\t;;');
    return lines.join('\n');
  });
  return `# bash completion for ukconfig: made by \`ukconfig completion bash\` from each command's usage.
__ukconfig_words() { COMPREPLY=($(compgen -W "$1" -- "$cur")); }
__ukconfig_files() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); }
__ukconfig_dirs() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); }
_ukconfig() {
	local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
	local cmd= dashdash=0 i
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		case \${COMP_WORDS[i]} in
		--) [[ -n $cmd ]] && dashdash=1 ;;
		${globalsWithValue.join('|')}) ((i++)) ;;
		-*) ;;
		*) [[ -z $cmd ]] && cmd=\${COMP_WORDS[i]} ;;
		esac
	done
	case $cmd in
	'')
		case $prev in
${bashValueArms(GLOBALS_BEFORE_COMMAND, commands, '\t\t').join('\n')}
		esac
		if [[ $cur == -* ]]; then __ukconfig_words ${bashQuote([...GLOBALS_BEFORE_COMMAND.flatMap(optionNames), '--help', '--version'].join(' '))}; else __ukconfig_words ${bashQuote(commands.join(' '))}; fi
		;;
	conf) __ukconfig_files ;;
${arms.join('\n')}
	esac
	return 0
}
complete -F _ukconfig ukconfig
`;
}

// ---- zsh -------------------------------------------------------------------

/** Text inside an _arguments spec: its brackets and colons taken literally, in single quotes. */
function zshText(s: string): string {
  return s.replace(/[\\[\]:]/g, (c) => `\\${c}`).replace(/'/g, `'\\''`);
}

function zshAction(kind: Completion | undefined): string {
  if (kind === undefined || kind === 'none') return ' ';
  if (kind === 'file') return '_files';
  if (kind === 'dir') return '_files -/';
  if (kind === 'command') return '_ukconfig_commands';
  return `(${kind.map((w) => w.replace(/([\\ ()'])/g, '\\$1')).join(' ')})`;
}

/** One option as _arguments specs: each spelling excludes the others. */
function zshOptionSpecs(o: OptionSpec): string[] {
  const names = optionNames(o);
  const exclusion = names.length > 1 ? `(${names.join(' ')})` : '';
  // An optional value is typed attached (--gdb=PORT): offered as the bare option.
  const value = o.value && !o.optionalValue ? `:${zshText(o.value)}:${zshAction(o.complete)}` : '';
  return names.map((n) => `'${exclusion}${n}[${zshText(o.help)}]${value}'`);
}

export function zshScript(all: [string, Command][]): string {
  const described = [['conf', 'drop-in for Linux conf'], ...all.map(([n, c]) => [n, c.summary])];
  const arms = all.map(([name, c]) => {
    const specs = optionsOf(c).flatMap(zshOptionSpecs);
    if (c.operands.max > 0) {
      // One operand (optional or not), or any number.
      const position = c.operands.max > 1 ? '*' : c.operands.min === 0 ? ':' : '';
      specs.push(`'${position}:${zshText(c.operands.text)}:${zshAction(c.operands.complete)}'`);
    }
    if (c.operands.passThrough) specs.push(`'*::${zshText(c.operands.passThrough)}: '`);
    return `\t\t${name})\n\t\t\t_arguments -s \\\n\t\t\t\t${specs.join(' \\\n\t\t\t\t')}\n\t\t\t;;`;
  });
  return `#compdef ukconfig
# zsh completion for ukconfig: made by \`ukconfig completion zsh\` from each command's usage.

_ukconfig_commands() {
	local -a commands=(
${described.map(([n, s]) => `\t\t'${n}:${zshText(s)}'`).join('\n')}
	)
	_describe -t commands 'ukconfig command' commands
}

_ukconfig() {
	local curcontext=$curcontext state line
	typeset -A opt_args
	_arguments -C \\
		${GLOBALS_BEFORE_COMMAND.flatMap(zshOptionSpecs).join(' \\\n\t\t')} \\
		'(- *)--help[the list of commands]' \\
		'(- *)--version[the version of ukconfig]' \\
		'1:command:_ukconfig_commands' \\
		'*::argument:->argument' && return
	[[ $state == argument ]] || return 1
	curcontext=\${curcontext%:*:*}:ukconfig-$words[1]:
	case $words[1] in
		conf) _files ;;
${arms.join('\n')}
	esac
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
	_ukconfig "$@"
else
	compdef _ukconfig ukconfig
fi
`;
}
