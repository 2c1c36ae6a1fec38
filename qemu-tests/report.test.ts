/**
 * `ukconfig report` on real images: helloworld on kvm-x86_64 and allocbench
 * with the TLSF allocator (kvm and linuxu images). The bytes of every row
 * add up to what `size` reads from each image's ELF file, the padding
 * stays a small part of it, the reasons name the symbols that pull each
 * library in, and the outputs parse (JSON; DOT drawn by Graphviz). An image
 * that is not built, or built from another configuration, is a clean
 * error naming it and `ukconfig build`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, configureAndBuild, removeScratch, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

interface Row {
  text: number;
  data: number;
  bss: number;
}
interface SymbolReason {
  symbol: string;
  source: string;
  selectedBy: string[];
  summary: string;
}
interface LibraryRow extends Row {
  library: string;
  symbols: SymbolReason[];
}
interface ImageReport {
  id: string;
  elf: string;
  libraries: LibraryRow[];
  other: (Row & { name: string })[];
  totals: Row;
  edges: { from: string; to: string; relation: string }[];
}

/** text, data and bss of an ELF file as binutils' size (Berkeley format) counts them. */
function sizeOf(app: string, elf: string): Row {
  const out = execFileSync('size', [join(app, elf)], { encoding: 'utf8' });
  const [text, data, bss] = out.split('\n')[1].trim().split(/\s+/).map(Number);
  return { text, data, bss };
}

async function reportJson(app: string): Promise<ImageReport[]> {
  const r = await ukconfig(['-C', app, 'report', '--json']);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return (JSON.parse(r.stdout) as { images: ImageReport[] }).images;
}

function checkSizes(app: string, image: ImageReport): void {
  const size = sizeOf(app, image.elf);
  expect(image.totals).toEqual(size);
  const rows: (Row & { name: string })[] = [...image.libraries.map((l) => ({ ...l, name: l.library })), ...image.other];
  for (const kind of ['text', 'data', 'bss'] as const) {
    expect(rows.reduce((n, r) => n + r[kind], 0), `${image.id} ${kind}`).toBe(size[kind]);
  }
  // Everything but the linker's padding belongs to a library or to a named part (symbol table, libgcc).
  const padding = image.other.find((o) => o.name === '(padding)')!;
  const all = size.text + size.data + size.bss;
  expect(padding.text + padding.data + padding.bss).toBeLessThan(all * 0.02);
  const libraryBytes = image.libraries.reduce((n, l) => n + l.text + l.data + l.bss, 0);
  expect(libraryBytes).toBeGreaterThan(all * 0.9);
}

function library(image: ImageReport, name: string): LibraryRow {
  const l = image.libraries.find((x) => x.library === name);
  if (!l) throw new Error(`${name} is not in the ${image.id} report`);
  return l;
}

describe('report of helloworld on kvm-x86_64', () => {
  let app: string;
  beforeAll(async () => {
    app = copyExample('helloworld');
    await configureAndBuild(app, 'kvm-x86_64');
  });

  it('the rows add up to the sections of the image; each library has its share and reasons', async () => {
    const [image, ...more] = await reportJson(app);
    expect(more).toEqual([]);
    expect(image.id).toBe('kvm-x86_64');
    checkSizes(app, image);
    // nolibc is there because the C library choice selects it; the platform because the user chose it.
    const nolibc = library(image, 'nolibc');
    expect(nolibc.symbols[0]).toMatchObject({ symbol: 'LIBNOLIBC', source: 'select' });
    expect(nolibc.symbols[0].selectedBy).toContain('LIBC_NOLIBC');
    expect(library(image, 'kvm').symbols[0]).toMatchObject({ symbol: 'PLAT_KVM', source: 'user', summary: 'enabled by the user' });
    expect(library(image, 'helloworld').text).toBeGreaterThan(0);
    expect(image.edges).toContainEqual({ from: 'nolibc', fromLibrary: true, to: 'ukalloc', relation: 'selects', symbols: 'LIBNOLIBC -> LIBUKALLOC' });
  });

  it('the table: a row per library with its bytes and why, and the total that size(1) gives', async () => {
    const r = await ukconfig(['-C', app, 'report']);
    expect(r.exitCode).toBe(0);
    const size = sizeOf(app, 'build/helloworld_kvm-x86_64.dbg');
    expect(r.stdout).toMatch(/^nolibc +\d+ +\d+ +\d+ +LIBNOLIBC selected by .*LIBC_NOLIBC/m);
    expect(r.stdout).toMatch(/^\(padding\) +\d+ +\d+ +\d+ +in no library$/m);
    expect(r.stdout).toMatch(new RegExp(`^total +${size.text} +${size.data} +${size.bss}$`, 'm'));
  });

  it('--dot: a graph Graphviz draws, with a node per library and the edges between them', async () => {
    const r = await ukconfig(['-C', app, 'report', '--dot']);
    expect(r.exitCode).toBe(0);
    const svg = spawnSync('dot', ['-Tsvg'], { input: r.stdout, encoding: 'utf8' });
    expect(svg.stderr).toBe('');
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain('<svg');
    const nodes = new Set([...r.stdout.matchAll(/^ {4}("[^"]+") \[shape=/gm)].map((m) => m[1]));
    expect(nodes).toContain('"kvm-x86_64/nolibc"');
    const edges = [...r.stdout.matchAll(/^ {4}("[^"]+") -> ("[^"]+") \[/gm)];
    expect(edges.length).toBeGreaterThan(5);
    for (const [, from, to] of edges) expect([nodes.has(from), nodes.has(to)], `${from} -> ${to}`).toEqual([true, true]);
    expect(r.stdout).toContain('"kvm-x86_64/nolibc" -> "kvm-x86_64/ukalloc" [style=solid, label="selects\\nLIBNOLIBC -> LIBUKALLOC"]');
  });

  it('--dot with --json is a usage error', async () => {
    const r = await ukconfig(['-C', app, 'report', '--dot', '--json']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^ukconfig report: --dot and --json are two different outputs: give one\n/);
  });
});

describe('report of allocbench with the TLSF allocator (kvm and linuxu on x86_64)', () => {
  let app: string;
  beforeAll(async () => {
    app = copyExample('allocbench');
    await configureAndBuild(app, 'tlsf-x86_64');
  });

  it('one report per image; the allocator is there because the heap choice selects it', async () => {
    const images = await reportJson(app);
    expect(images.map((i) => i.id)).toEqual(['kvm-x86_64', 'linuxu-x86_64']);
    for (const image of images) {
      checkSizes(app, image);
      const tlsf = library(image, 'ukalloctlsf');
      expect(tlsf.symbols[0]).toMatchObject({ symbol: 'LIBUKALLOCTLSF', source: 'select', selectedBy: ['UKALLOC_HEAP_TLSF'] });
      expect(tlsf.text).toBeGreaterThan(0);
      expect(image.libraries.map((l) => l.library)).not.toContain('ukallocregion');
      expect(image.edges).toContainEqual(expect.objectContaining({ from: 'UKALLOC_HEAP_TLSF', fromLibrary: false, to: 'ukalloctlsf', relation: 'selects' }));
      expect(image.edges).toContainEqual({ from: 'ukalloctlsf', fromLibrary: true, to: 'ukalloc', relation: 'depends on', symbols: 'LIBUKALLOCTLSF -> LIBUKALLOC' });
    }
    expect(images[1].libraries.map((l) => l.library)).toContain('linuxu');
    expect(images[1].libraries.map((l) => l.library)).not.toContain('kvm');
  });
});

describe('report without a built image', () => {
  it('names the image that is missing and ukconfig build (status 1), and a configuration changed since', async () => {
    const app = copyExample('helloworld');
    expect((await ukconfig(['-C', app, 'apply', 'defconfigs/kvm-x86_64'])).exitCode).toBe(0);
    const r = await ukconfig(['-C', app, 'report']);
    expect(r).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'ukconfig report: the kvm-x86_64 image is not built (no build/helloworld_kvm-x86_64.dbg): run ukconfig build',
    });
    const json = await ukconfig(['-C', app, 'report', '--json']);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ images: [], problems: [expect.stringContaining('kvm-x86_64 image is not built')] });

    expect((await ukconfig(['-C', app, 'build'])).exitCode).toBe(0);
    expect((await ukconfig(['-C', app, 'report'])).exitCode).toBe(0);
    const config = join(app, '.config');
    const before = readFileSync(config, 'utf8');
    writeFileSync(config, before.replace('CONFIG_HELLOWORLD_PRINT_ARGS=y', '# CONFIG_HELLOWORLD_PRINT_ARGS is not set'));
    expect(readFileSync(config, 'utf8')).not.toBe(before);
    const stale = await ukconfig(['-C', app, 'report']);
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toBe('ukconfig report: the kvm-x86_64 image (build/helloworld_kvm-x86_64) was built from another configuration: run ukconfig build');

    // A link map that is not one: its name and the problem, no stack trace.
    expect((await ukconfig(['-C', app, 'build'])).exitCode).toBe(0);
    writeFileSync(join(app, 'build', 'helloworld_kvm-x86_64.map'), 'garbage\n');
    const broken = await ukconfig(['-C', app, 'report']);
    expect([broken.exitCode, broken.stderr]).toEqual([1, 'ukconfig report: build/helloworld_kvm-x86_64.map: not a GNU ld link map (no "Linker script and memory map" line)']);
  });
});
