/**
 * System calls as function calls (docs/manifest-format.md, "System calls"):
 * a library declares each call it implements with `syscall NAME` and
 * defines it with UK_SYSCALL_R_DEFINE (native/include/uk/syscall.h). The
 * build collects the declarations of the image's libraries into the table
 * the dispatcher (lib/uksyscall) indexes by number, and keeps the name and
 * the providing library of every other call of the architecture, taken
 * from every manifest of the pools, for the message a missing one prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImagePlan, LibraryPlan } from './image-plan.js';
import type { Manifest } from './manifest.js';
import { projectPaths } from '../../workspace/src/index.js';

/** The function a library defines for system call `name` (the raw entry: returns a value or -errno). */
export function syscallEntry(name: string): string {
  return `uk_syscall_r_${name}`;
}

export interface SyscallNumbers {
  byName: Map<string, number>;
  /** One past the highest number. */
  size: number;
}

const numbersCache = new Map<string, SyscallNumbers>();

/** Linux's numbering on `arch` (native/syscalls/<arch>.txt, made by native/tools/syscall-names.sh). */
export function syscallNumbers(arch: string): SyscallNumbers {
  let n = numbersCache.get(arch);
  if (n) return n;
  const byName = new Map<string, number>();
  for (const line of readFileSync(join(projectPaths().native, 'syscalls', `${arch}.txt`), 'utf8').split('\n')) {
    const [nr, name] = line.split(' ');
    if (name) byName.set(name, Number(nr));
  }
  n = { byName, size: Math.max(...byName.values()) + 1 };
  numbersCache.set(arch, n);
  return n;
}

export interface Provider {
  library: string;
  /**
   * What to turn on to get it: the library's enabled-if expression, and
   * the conditions of the statement that declares the call (those of an
   * `arch` block left out: the table is the architecture's).
   */
  enabledIf: string;
}

/** Who declares each system call, over every manifest given (all pools, whatever the configuration). */
export function syscallProviders(manifests: Manifest[]): Map<string, Provider[]> {
  const out = new Map<string, Provider[]>();
  for (const m of manifests) {
    for (const e of m.entries) {
      if (e.kind !== 'syscall') continue;
      for (const name of e.values) {
        const list = out.get(name) ?? [];
        // Architecture conditions are settled by the image's own architecture (the call is in its table).
        const also = e.conditions.map((c) => c.text).filter((t) => !/^ARCH_[A-Z0-9_]+( \|\| ARCH_[A-Z0-9_]+)*$/.test(t));
        const enabledIf = [m.enabledIf.text, ...also].join(', with ');
        if (!list.some((p) => p.library === m.name)) list.push({ library: m.name, enabledIf });
        out.set(name, list);
      }
    }
  }
  return out;
}

function declaredAt(lib: LibraryPlan, name: string): string {
  const e = lib.manifest.entries.find((x) => x.kind === 'syscall' && x.values.includes(name));
  return `${lib.manifest.file}:${e?.line ?? 0}`;
}

/** The implementation of each call in the image; FILE:LINE problems for unknown names and calls implemented twice. */
export function imageSyscalls(plan: ImagePlan): { table: Map<string, LibraryPlan>; problems: string[] } {
  const numbers = syscallNumbers(plan.arch);
  const table = new Map<string, LibraryPlan>();
  const problems: string[] = [];
  for (const lib of plan.libraries) {
    for (const name of lib.syscalls) {
      if (!numbers.byName.has(name)) {
        problems.push(`${declaredAt(lib, name)}: ${plan.arch} has no system call '${name}' (declare it under a condition, e.g. arch x86_64 { ... })`);
        continue;
      }
      const first = table.get(name);
      if (first && first !== lib) {
        problems.push(`${declaredAt(lib, name)}: system call ${name} is implemented by both ${first.name} (${declaredAt(first, name)}) and ${lib.name} in the ${plan.id} image`);
      } else table.set(name, lib);
    }
  }
  return { table, problems };
}

function cString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => '\\' + c)}"`;
}

/** Where the build writes the table, below an image's generated include folder (on every library's include path). */
export const SYSCALL_TABLE_HEADER = 'uk/syscall_table.h';

/**
 * include/uk/syscall_table.h of an image: the dispatch table and, for
 * messages, one string table holding every name and provider. Included
 * once, by the dispatcher.
 */
export function renderSyscallTable(plan: ImagePlan, table: Map<string, LibraryPlan>, providers: Map<string, Provider[]>): string {
  const numbers = syscallNumbers(plan.arch);
  const byNumber = [...numbers.byName].sort((a, b) => a[1] - b[1]);
  const implemented = byNumber.filter(([name]) => table.has(name));
  // Offsets into one string blob (0: none), so an image pays two bytes per call for its names.
  const blob: string[] = [];
  let size = 1;
  const offsets = new Map<string, number>();
  const intern = (s: string): number => {
    let at = offsets.get(s);
    if (at === undefined) {
      at = size;
      offsets.set(s, at);
      blob.push(s);
      size += Buffer.byteLength(s) + 1;
    }
    return at;
  };
  const nameAt: string[] = [];
  const providerAt: string[] = [];
  const named = new Set<number>();
  for (const [name, nr] of byNumber) {
    // A few numbers have two names (arm32's sync_file_range2 is arm_sync_file_range): one entry each.
    if (named.has(nr)) continue;
    named.add(nr);
    nameAt.push(`\t[${nr}] = ${intern(name)},`);
    const p = providers.get(name);
    if (p && !table.has(name)) providerAt.push(`\t[${nr}] = ${intern(p.map((x) => `${x.library} (${x.enabledIf})`).join(' or '))},`);
  }
  if (size > 0xffff) throw new Error('system call string table larger than 64 KiB');
  return [
    `/* Generated by ukconfig build for the ${plan.id} image from the library.uk manifests: do not edit. */`,
    '/* Included once, by the system call dispatcher. */',
    `#define UK_SYSCALL_TABLE_SIZE ${numbers.size}`,
    '',
    ...implemented.map(([name]) => `long ${syscallEntry(name)}(long, long, long, long, long, long);`),
    '',
    '/* Each implementation is called with six arguments and uses as many as its call has. */',
    'static long (*const uk_syscall_table[UK_SYSCALL_TABLE_SIZE])(long, long, long, long, long, long) = {',
    ...implemented.map(([name, nr]) => `\t[${nr}] = ${syscallEntry(name)}, /* ${table.get(name)!.name} */`),
    '};',
    '',
    'static const char uk_syscall_strings[] = "\\0"',
    ...blob.map((s) => `\t${cString(s)} "\\0"`),
    '\t;',
    '',
    '/* Offset of each call\'s name in uk_syscall_strings. */',
    'static const unsigned short uk_syscall_name_at[UK_SYSCALL_TABLE_SIZE] = {',
    ...nameAt,
    '};',
    '',
    '/* Offset of the libraries that would provide a call this image lacks (0: no library of the pools does). */',
    'static const unsigned short uk_syscall_provider_at[UK_SYSCALL_TABLE_SIZE] = {',
    ...providerAt,
    '};',
    '',
  ].join('\n');
}
