// Deterministic edits of .config / auto.conf text used to build case inputs:
// "older" configs with symbols missing, stale auto.conf files, prefix changes.

const SYMBOL_LINE = /^(?:CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$)/;

/** Drops every `every`-th symbol line (starting at `phase`), like a .config from an older tree. */
export function dropSymbolLines(config: string, every: number, phase = 0): string {
  let n = 0;
  return config
    .split('\n')
    .filter((line) => !(SYMBOL_LINE.test(line) && n++ % every === phase % every))
    .join('\n');
}

/**
 * Turns an auto.conf into a plausible "previous build" auto.conf: drops some
 * symbols, flips some y to m, edits some strings and numbers, and adds a
 * symbol that no longer exists. syncconfig then has something to touch.
 */
export function staleAutoConf(autoConf: string): string {
  let n = 0;
  const out: string[] = [];
  for (const line of autoConf.split('\n')) {
    const m = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    const i = n++;
    const [, name, value] = m;
    if (i % 7 === 0) continue;
    if (i % 11 === 0 && value === 'y') out.push(`${name}=m`);
    else if (i % 13 === 0 && /^-?\d+$/.test(value)) out.push(`${name}=${Number(value) + 1}`);
    else if (i % 5 === 0 && value.startsWith('"')) out.push(`${name}="stale-${value.slice(1)}`);
    else out.push(line);
  }
  out.splice(out.length - 1, 0, 'CONFIG_UKCONFIG_REMOVED_SYMBOL=y', 'CONFIG_UKCONFIG_REMOVED_STRING="gone"');
  return out.join('\n');
}

export function renamePrefix(config: string, from: string, to: string): string {
  return config
    .split('\n')
    .map((line) => (line.startsWith(from) ? to + line.slice(from.length) : line.replace(`# ${from}`, `# ${to}`)))
    .join('\n');
}

/** Lines conf has to complain about (and survive) when reading a .config. */
export const MALFORMED_CONFIG_LINES = [
  'CONFIG_64BIT=maybe', // invalid bool value
  'CONFIG_NR_CPUS=lots', // invalid int
  'CONFIG_PHYSICAL_START=0xzz', // invalid hex
  'CONFIG_LOCALVERSION="unterminated', // invalid string
  'CONFIG_DEFAULT_HOSTNAME="with \\"escapes\\" and \\\\ backslash\\n"',
  'CONFIG_UKCONFIG_NO_SUCH_SYMBOL=y', // unknown symbol
  '# CONFIG_UKCONFIG_NO_SUCH_SYMBOL2 is not set',
  'CONFIG_SMP=y',
  'CONFIG_SMP=y', // override with the same value
  '# CONFIG_SMP is not set', // override to n
  'garbage line without prefix',
  'CONFIG_',
  'CONFIG_=y',
  '#CONFIG_NOT_A_COMMENT_FORM is not set',
  '# CONFIG_TRAILING is not set but has more words',
  'CONFIG_HZ_100=y', // choice member: changes the choice state
  'CONFIG_HZ_1000=y',
  'CONFIG_MODULES=m', // bool given m
  'CONFIG_LOG_BUF_SHIFT=99', // out of range
  'CONFIG_LOG_BUF_SHIFT=017', // leading zero
  'CONFIG_ILLEGAL_POINTER_VALUE=dead000000000000', // hex without 0x
  '\tCONFIG_INDENTED=y',
  'CONFIG_CRLF=y\r',
];
