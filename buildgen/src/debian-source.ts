/**
 * Debian source packages as the origin of third-party code: where their
 * files are on the archive's pool, and what the .dsc (whose SHA-256 the
 * manifest pins) says about the others. The .dsc lists every file of the
 * package with its size and SHA-256, as apt itself uses it.
 */

/**
 * Pool folders searched in order for a package's files. The security
 * archive holds updates that have not reached a point release yet. A
 * version the archive no longer carries can be had from a snapshot, e.g.
 * UKCONFIG_DEBIAN_POOLS=https://snapshot.debian.org/archive/debian/20240101T000000Z/pool/main
 */
export const DEFAULT_POOLS = ['https://deb.debian.org/debian/pool/main', 'https://deb.debian.org/debian-security/pool/updates/main'];

export function debianPools(env: NodeJS.ProcessEnv): string[] {
  const list = (env.UKCONFIG_DEBIAN_POOLS ?? '').split(/\s+/).filter(Boolean);
  return (list.length ? list : DEFAULT_POOLS).map((p) => p.replace(/\/+$/, ''));
}

/** `m/musl`, `libx/libxml2`: the pool's folder of a source package. */
export function poolDir(pkg: string): string {
  return `${pkg.startsWith('lib') && pkg.length > 3 ? pkg.slice(0, 4) : pkg[0]}/${pkg}`;
}

/** File names carry the version without its epoch. */
export function dscName(pkg: string, version: string): string {
  return `${pkg}_${version.replace(/^\d+:/, '')}.dsc`;
}

export interface DscFile {
  name: string;
  size: number;
  sha256: string;
}

export interface Dsc {
  format: string;
  files: DscFile[];
}

/** The control text of a possibly signed .dsc (the signature is not checked: the pinned checksum covers the text). */
function controlText(text: string): string {
  const lines = text.split(/\r?\n/);
  if (lines[0] !== '-----BEGIN PGP SIGNED MESSAGE-----') return text;
  const start = lines.indexOf('') + 1;
  let end = lines.indexOf('-----BEGIN PGP SIGNATURE-----');
  if (end < 0) end = lines.length;
  return lines
    .slice(start, end)
    .map((l) => (l.startsWith('- ') ? l.slice(2) : l))
    .join('\n');
}

/** The fields of a .dsc: Format and the Checksums-Sha256 list; an Error naming what is missing. */
export function parseDsc(text: string): Dsc {
  const fields = new Map<string, string>();
  let current: string | null = null;
  for (const line of controlText(text).split('\n')) {
    if (/^[ \t]/.test(line) && current) {
      fields.set(current, fields.get(current) + '\n' + line.trim());
      continue;
    }
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*)$/.exec(line);
    if (m) {
      current = m[1].toLowerCase();
      fields.set(current, m[2].trim());
    } else current = null;
  }
  const format = fields.get('format');
  const sums = fields.get('checksums-sha256');
  if (!format) throw new Error('the .dsc has no Format field');
  if (!sums) throw new Error('the .dsc has no Checksums-Sha256 field');
  const files: DscFile[] = [];
  for (const entry of sums.split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64})\s+(\d+)\s+(\S+)$/.exec(entry);
    if (!m) throw new Error(`malformed Checksums-Sha256 line '${entry}'`);
    if (!/^[A-Za-z0-9][A-Za-z0-9.+~_-]*$/.test(m[3])) throw new Error(`unusable file name '${m[3]}' in the .dsc`);
    files.push({ sha256: m[1], size: Number(m[2]), name: m[3] });
  }
  return { format, files };
}

export type PartRole = { kind: 'orig' } | { kind: 'component'; dir: string } | { kind: 'debian' } | { kind: 'native' };

export interface SourcePart extends DscFile {
  role: PartRole;
}

/**
 * The tarballs to unpack, in dpkg-source's order: the upstream tarball,
 * its components (each in a folder of its name), then debian/. Signatures
 * (.asc) are not needed. Formats other than 3.0 are refused by name.
 */
export function sourceParts(dsc: Dsc): SourcePart[] {
  const quilt = dsc.format === '3.0 (quilt)';
  if (!quilt && dsc.format !== '3.0 (native)') throw new Error(`source format '${dsc.format}' is not supported (3.0 (quilt) and 3.0 (native) are)`);
  const parts: SourcePart[] = [];
  for (const f of dsc.files) {
    if (f.name.endsWith('.asc')) continue;
    let role: PartRole | null = null;
    const component = /\.orig-([A-Za-z0-9][A-Za-z0-9-]*)\.tar\.[a-z0-9]+$/.exec(f.name);
    if (quilt && /\.orig\.tar\.[a-z0-9]+$/.test(f.name)) role = { kind: 'orig' };
    else if (quilt && component) role = { kind: 'component', dir: component[1] };
    else if (quilt && /\.debian\.tar\.[a-z0-9]+$/.test(f.name)) role = { kind: 'debian' };
    else if (!quilt && /\.tar\.[a-z0-9]+$/.test(f.name)) role = { kind: 'native' };
    if (!role) throw new Error(`unexpected file ${f.name} in a ${dsc.format} source`);
    parts.push({ ...f, role });
  }
  const rank = (p: SourcePart) => ['native', 'orig', 'component', 'debian'].indexOf(p.role.kind);
  parts.sort((a, b) => rank(a) - rank(b));
  const main = parts.filter((p) => p.role.kind === 'orig' || p.role.kind === 'native').length;
  if (main !== 1) throw new Error(`expected one ${quilt ? '.orig' : 'source'} tarball in the .dsc, found ${main}`);
  return parts;
}
