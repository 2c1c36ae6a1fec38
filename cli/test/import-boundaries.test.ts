/**
 * Which part may import which (docs/architecture.md): the engine imports
 * nothing of ours; the resolver knows no screen and no build; the build
 * generator knows no screen. The TypeScript project references make a
 * forbidden import in a part's sources a compile error; this test checks
 * the same rules over sources and tests alike, in sources also imports the
 * compiler cannot check (a dynamic import of a computed path), and that the
 * references say what the rules say.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

const PARTS = ['kconfig', 'workspace', 'resolver', 'ui', 'buildgen', 'cli'] as const;
type Part = (typeof PARTS)[number];

/** The parts each part may import (besides itself). */
const MAY_IMPORT: Record<Part, Part[]> = {
  kconfig: [],
  workspace: ['kconfig'],
  resolver: ['kconfig', 'workspace'],
  ui: ['kconfig', 'workspace', 'resolver'],
  buildgen: ['kconfig', 'workspace', 'resolver'],
  cli: ['kconfig', 'workspace', 'resolver', 'ui', 'buildgen'],
};

/** Packages that draw on a terminal screen: the menu's alone. */
const SCREEN = ['ink', 'react', 'ink-testing-library'];
const FORBIDDEN_PACKAGES: Record<Part, string[]> = {
  kconfig: [...SCREEN, 'execa', 'immer'],
  workspace: SCREEN,
  resolver: SCREEN,
  ui: [],
  buildgen: SCREEN,
  cli: [],
};

/** The engine's own package name: importing it is importing kconfig. */
const ENGINE_PACKAGE = 'kconfig-parser-ts';

/** The part a path of the checkout belongs to (dist/<part>/ is that part's output), or null. */
function partOf(path: string): Part | null {
  const segments = relative(ROOT, path).split(sep);
  const first = segments[0] === 'dist' ? segments[1] : segments[0];
  return (PARTS as readonly string[]).includes(first) ? (first as Part) : null;
}

/** A part's own code (`<part>/src/`, or cli/'s top level), as opposed to its tests. */
function isSource(file: string): boolean {
  const [part, dir] = relative(ROOT, file).split(sep);
  return dir === 'src' || (part === 'cli' && dir.endsWith('.ts'));
}

interface ImportSite {
  specifier: string | null;
  line: number;
}

/** Every module a file names: import and export from, import(), import types, require(); null for a computed one. */
function importSites(file: string, text: string): ImportSite[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: ImportSite[] = [];
  const add = (node: ts.Node, arg: ts.Node | undefined) =>
    out.push({
      specifier: arg && ts.isStringLiteralLike(arg) ? arg.text : null,
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    });
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      add(node, node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** What is wrong with the imports of `text`, written as `file` of `part`. */
function violations(part: Part, file: string, text: string): string[] {
  const out: string[] = [];
  const where = (line: number) => `${relative(ROOT, file)}:${line}`;
  for (const { specifier, line } of importSites(file, text)) {
    if (specifier === null) {
      // Tests may find modules (every command module, say); sources must name what they import.
      if (isSource(file)) out.push(`${where(line)}: imports a computed path (the compiler cannot check what it reaches)`);
      continue;
    }
    let target: Part | null = null;
    if (specifier.startsWith('.')) target = partOf(resolve(dirname(file), specifier));
    else if (specifier === ENGINE_PACKAGE || specifier.startsWith(`${ENGINE_PACKAGE}/`)) target = 'kconfig';
    else {
      const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
      if (FORBIDDEN_PACKAGES[part].includes(pkg)) out.push(`${where(line)}: imports ${specifier}, which ${part} must not use`);
      continue;
    }
    if (target === null) {
      if (specifier.startsWith('.')) out.push(`${where(line)}: imports ${specifier}, outside the parts`);
      continue;
    }
    if (target !== part && !MAY_IMPORT[part].includes(target)) {
      out.push(`${where(line)}: imports ${specifier} (${target}); ${part} may import ${MAY_IMPORT[part].join(', ') || 'no other part'}`);
    }
  }
  return out;
}

/** Sources and tests of a part (not its build output, fixtures or recorded cases). */
function partFiles(part: Part): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!['dist', 'node_modules', 'fixtures'].includes(e.name)) walk(p);
      } else if (/\.(ts|tsx|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') && !e.name.endsWith('.d.mts')) out.push(p);
    }
  };
  walk(join(ROOT, part));
  return out;
}

describe('import boundaries', () => {
  for (const part of PARTS) {
    it(`${part} imports ${MAY_IMPORT[part].length ? `only ${MAY_IMPORT[part].join(', ')}` : 'nothing of ours'}`, () => {
      const files = partFiles(part);
      expect(files.length).toBeGreaterThan(0);
      const found = files.flatMap((f) => violations(part, f, readFileSync(f, 'utf8')));
      expect(found).toEqual([]);
    });
  }

  it("each part's TypeScript project references exactly the parts it may import", () => {
    for (const part of PARTS) {
      const config = ts.readConfigFile(join(ROOT, part, 'tsconfig.json'), ts.sys.readFile);
      expect(config.error, part).toBeUndefined();
      const refs = ((config.config.references ?? []) as { path: string }[]).map((r) => partOf(resolve(ROOT, part, r.path)));
      expect(refs.sort(), part).toEqual([...MAY_IMPORT[part]].sort());
    }
  });

  it('catches a forbidden import however it is written', () => {
    const file = join(ROOT, 'resolver', 'src', 'planted.ts');
    const planted = [
      "import { MenuApp } from '../../ui/src/components/MenuApp.js';",
      "export { generate } from '../../buildgen/src/generate.js';",
      "type T = import('../../ui/src/reasoning.js').Reasoner;",
      "const m = await import('../../cli/main.js');",
      "const p = '../../ui/src/launch.js'; await import(p);",
      "import { render } from 'ink';",
      "import { x } from '../../dist/ui/src/launch.js';",
    ];
    for (const line of planted) expect(violations('resolver', file, line), line).toHaveLength(1);
    expect(violations('kconfig', join(ROOT, 'kconfig', 'src', 'planted.ts'), "import { Workspace } from '../../workspace/src/index.js';")).toHaveLength(1);
    expect(violations('buildgen', join(ROOT, 'buildgen', 'src', 'planted.ts'), "import React from 'react';")).toHaveLength(1);
    expect(violations('buildgen', join(ROOT, 'buildgen', 'src', 'planted.ts'), "import { MenuApp } from '../../ui/src/components/MenuApp.js';")).toHaveLength(1);
    expect(violations('resolver', file, "import { explain } from './explain.js';\nimport { Workspace } from '../../workspace/src/index.js';\nimport { loadKconfig } from 'kconfig-parser-ts';")).toEqual([]);
  });
});
