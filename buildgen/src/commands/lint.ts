/**
 * `ukconfig lint [-C DIR] [--kconfig FILE] [--json]`: every header a
 * library includes from another library and every symbol it takes from
 * another must be there in every image the menu allows (docs/lint.md).
 * In an application folder the application is checked too.
 *
 * Exit status: 0 nothing to report; 1 problems found, or the tree or a
 * manifest cannot be read; 2 usage error.
 */
import { dirname, relative, resolve } from 'node:path';
import { projectPaths, TreeLoadError, type Command, type Workspace } from '../../../workspace/src/index.js';
import { loadLibraries } from '../libraries.js';
import { lintLibraries, type LintFinding, type LintResult } from '../lint/lint.js';
import { Problems } from '../problems.js';

export const command: Command = {
  summary: "check that each library's includes and symbols from other libraries are backed by its Kconfig dependencies",
  globals: ['dir', 'kconfig'],
  options: [],
  operands: { text: '', min: 0, max: 0, complete: 'none' },
  help: 'Exit status: 0 nothing to report; 1 problems found, or the tree or a manifest cannot be read; 2 usage.',
  run: (_args, ws) => lint(ws),
};

async function lint(ws: Workspace): Promise<number> {
  let result: LintResult;
  try {
    const kc = await ws.load({ messages: 'print-except-unmet', pools: true });
    const tree = ws.tree();
    // The libraries are the folders under the tree's root: pools/, or the folder of --kconfig FILE.
    const pools = tree.kind === 'kconfig' ? dirname(resolve(tree.kconfig)) : projectPaths().pools;
    result = lintLibraries({ kc, manifests: loadLibraries(pools, tree.app), sharedInclude: resolve(projectPaths().native, 'include') });
  } catch (e) {
    if (e instanceof TreeLoadError) return 1;
    if (e instanceof Problems) {
      for (const m of e.messages) process.stderr.write(m + '\n');
      return 1;
    }
    throw e;
  }
  const shown = (f: string) => relative(process.cwd(), f) || f;
  if (ws.json) {
    const findings = result.findings.map((f) => ({ ...f, file: shown(f.file), via: f.via.map((v) => ({ ...v, file: shown(v.file) })), fix: f.fix && { ...f.fix, file: shown(f.fix.file) } }));
    const { libraries, includes, references, questions } = result;
    process.stdout.write(JSON.stringify({ findings, libraries, includes, references, questions }, null, 2) + '\n');
  } else {
    for (const f of result.findings) process.stdout.write(describe(f, shown));
    const n = result.findings.length;
    process.stdout.write(
      `ukconfig lint: ${result.libraries} libraries, ${result.includes} includes and ${result.references} references checked: ` +
        `${n === 0 ? 'no problems' : n === 1 ? '1 problem' : `${n} problems`}\n`,
    );
  }
  return result.findings.length ? 1 : 0;
}

function describe(f: LintFinding, shown: (file: string) => string): string {
  const at = `${shown(f.file)}:${f.line}`;
  if (f.kind === 'no-header') return `${at}: ${f.subject}: no library publishes this header, and the compiler has none\n`;
  const via = f.via.map((v) => ` (through ${v.macro}, ${shown(v.file)}:${v.line})`).join('');
  const what = f.kind === 'include' ? `${f.subject} needs` : `${f.subject}${via} comes from`;
  const lines = [`${at}: ${what} ${f.providers.join(' or ')} (${f.needs}), which ${f.library} may be built without${f.undecided ? ' (undecided: the search gave up)' : ''}`];
  if (f.example) lines.push(`    for example: ${f.example.map((c) => `${c.symbol}=${c.value}`).join(' ') || 'the defaults'} (the rest default)`);
  if (f.fix) lines.push(`    fix: ${shown(f.fix.file)}:${f.fix.line}: add "${f.fix.text}"`);
  return lines.join('\n') + '\n';
}
