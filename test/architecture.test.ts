/**
 * The stage diagram is a test (Catala's build refuses an import across the IR
 * order; so does this). Every import from one `src/` folder into another must
 * be an arrow of ARROWS, which says why it may exist; any other fails here, as
 * does an arrow no import uses any more (the table stays the truth), a cycle
 * between folders, and a folder the README's diagram does not place.
 * Type-only imports count too: a type is a dependency of meaning.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const SRC = join(ROOT, 'src');

/** from → to → why. The order of the keys is the order of the stages, lowest first. */
const ARROWS: Record<string, Record<string, string>> = {
  runtime: {},
  span: {},
  diagnostics: { span: 'a diagnostic is at a place' },
  model: { runtime: 'values are exact decimals', span: 'every element has its place' },
  lang: {
    runtime: 'literals are exact decimals; built-ins compute with them',
    diagnostics: 'parse and type errors are catalogued messages',
    model: 'the expressions type-check against the model’s value types',
  },
  load: { diagnostics: 'read errors are diagnostics', span: 'positions of every node' },
  validate: { load: 'validates the loaded documents, positions from their nodes', diagnostics: 'schema errors', lang: 'the cell and formula texts are read to check them' },
  resolve: {
    load: 'reads the validated documents and their positions',
    model: 'builds the Model',
    lang: 'parses cells and formulas',
    diagnostics: 'reference and type errors',
    runtime: 'exact values',
  },
  dmn: {
    load: 'a DMN model becomes a source document',
    model: 'exports the Model as DMN',
    lang: 'FEEL text is read as rulebook expressions',
    resolve: 'an imported model is resolved to tell which decisions stand on their own',
    validate: 'an imported model is validated like any document',
    diagnostics: 'import errors',
    runtime: 'exact values',
  },
  pipeline: {
    load: 'the front half: load',
    validate: '… validate',
    resolve: '… resolve',
    dmn: 'registers the DMN reader with the loader (the loader may not import the importer)',
    diagnostics: 'collects every stage’s diagnostics',
    model: 'returns the Model',
  },
  evaluate: { model: 'evaluates the Model', lang: 'expressions and unary tests', runtime: 'one semantics with the generated code', diagnostics: 'error messages' },
  compile: { model: 'compiles the Model', evaluate: 'the table index and the explanation shape the interpreter shares', lang: 'prints cells and formulas', runtime: 'embeds the one semantics and the decimals' },
  check: {
    render: 'which audience a rule is published to, as the handbook decides it (audience-leak)',
    model: 'checks the Model',
    lang: 'reads unary tests as regions',
    runtime: 'exact arithmetic on bounds',
    evaluate: 'invariants and witnesses are evaluated',
    resolve: 'the model’s own diagnostics of a decision',
    diagnostics: 'findings',
  },
  'policy-test': { model: 'runs the Model’s tests', evaluate: 'through the interpreter', lang: 'prints values', runtime: 'exact values', diagnostics: 'failures as diagnostics', check: 'mutants are told apart over the checker’s sample points', resolve: 'mutants are built as the resolver builds decisions' },
  render: { model: 'renders the Model', lang: 'prints cells and values in words', runtime: 'exact values', diagnostics: 'build errors', },
  diff: { render: 'what a reader gains or loses when an audience changes, as the handbook publishes it', fmt: 'prose compared as fmt writes it, so a fmt-only change is no change', check: 'verdicts by region, as the checker splits tables', model: 'compares two Models', lang: 'prints cells', runtime: 'exact values', evaluate: 'impact examples are evaluated', diagnostics: 'findings introduced and fixed' },
  sql: { model: 'compiles the Model to SQL', compile: 'the same names and literal rules as the generated module', runtime: 'exact values', evaluate: 'the interpreter’s error codes', diagnostics: 'what SQL cannot express', },
  fmt: { load: 'parses before and after', validate: 'only valid documents are rewritten', pipeline: 'the model before and after must be the same', model: 'the canonical meaning of the model before and after' },
  report: { diagnostics: 'renders diagnostics', span: 'line index for excerpts' },
  init: { validate: 'the schemas it writes' },
  lsp: {
    pipeline: 'the same model as check',
    load: 'the open files, from the editor’s text',
    validate: 'the same checks as check',
    resolve: 'the same model as check',
    check: 'the same findings as check',
    evaluate: 'evaluated examples in hovers',
    fmt: 'formatting',
    render: 'tables in words for hovers',
    lang: 'completion inside cells and formulas',
    diagnostics: 'findings to publish',
    model: 'navigation over the model',
    runtime: 'exact values',
    span: 'positions',
  },
  cli: {
    pipeline: 'every command starts here',
    load: 'reads files',
    check: 'check',
    compile: 'build',
    render: 'build, serve',
    diff: 'diff',
    dmn: 'import, export',
    evaluate: 'eval',
    fmt: 'fmt',
    init: 'init',
    lsp: 'lsp',
    sql: 'build --target sql',
   
    'policy-test': 'test',
    report: 'the reporters',
    lang: 'suggestions, values in messages',
    model: 'the model',
    diagnostics: 'diagnostics and the catalogue',
   
   
   
  },
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts')) out.push(p);
  }
  return out;
}

const folderOf = (file: string) => {
  const parts = relative(SRC, file).split('/');
  return parts.length === 1 ? parts[0]!.replace(/\.[a-z]+$/, '') : parts[0]!;
};

/** Every import between folders: `from → to` with the importing files. */
function imports(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
      const target = resolve(dirname(file), m[1] ?? m[2]!);
      if (!target.startsWith(SRC + '/')) continue;
      const a = folderOf(file);
      const b = folderOf(target);
      if (a === b) continue;
      const key = `${a} → ${b}`;
      edges.set(key, [...(edges.get(key) ?? []), relative(ROOT, file)]);
    }
  }
  return edges;
}

describe('architecture', () => {
  const edges = imports();
  const folders = [...new Set(sourceFiles(SRC).map(folderOf))].sort();

  it('every src/ folder is a stage of the table', () => {
    expect(folders.filter((f) => !(f in ARROWS))).toEqual([]);
  });

  it('every import between folders is an allowed arrow', () => {
    const wrong = [...edges].filter(([k]) => {
      const [a, b] = k.split(' → ') as [string, string];
      return !ARROWS[a]?.[b];
    });
    expect(wrong.map(([k, files]) => `${k} (${files.join(', ')})`)).toEqual([]);
  });

  it('every allowed arrow is used (the table says what is, not what once was)', () => {
    const unused = Object.entries(ARROWS).flatMap(([a, tos]) => Object.keys(tos).filter((b) => folders.includes(a) && !edges.has(`${a} → ${b}`)).map((b) => `${a} → ${b}`));
    expect(unused).toEqual([]);
  });

  it('the folders form no cycle', () => {
    const next = (a: string) => [...edges.keys()].filter((k) => k.startsWith(`${a} → `)).map((k) => k.split(' → ')[1]!);
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      const at = path.indexOf(node);
      if (at >= 0) {
        cycles.push([...path.slice(at), node].join(' → '));
        return;
      }
      for (const n of next(node)) visit(n, [...path, node]);
    };
    for (const f of folders) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('the README names every folder in its diagram or the paragraph under it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## How it is built'), readme.indexOf('\n## ', readme.indexOf('## How it is built') + 5));
    expect(folders.filter((f) => !section.includes(`\`${f}\``) && !section.includes(`${f}.ts`))).toEqual([]);
  });
  it('src/ exports nothing that no other file names (an export only its own file uses is a local)', () => {
    const roots = ['src', 'test', 'bench', 'scripts', 'bin', 'editors'];
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) {
        if (e === 'node_modules' || e.startsWith('.')) continue;
        const p = join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        // Generated files name everything they embed; they prove no use.
        else if (/\.(ts|mjs|js|cjs)$/.test(e) && !/compiled-schemas|embedded\.ts/.test(e)) files.push(p);
      }
    };
    for (const r of roots) walk(join(ROOT, r));
    const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    const dead: string[] = [];
    for (const [f, t] of text) {
      if (!f.startsWith(SRC)) continue;
      for (const m of t.matchAll(/^export (?:async )?(?:function\*?|const|let|class) ([A-Za-z_$][\w$]*)/gm)) {
        const re = new RegExp(`\\b${m[1]!.replace(/\$/g, '\\$')}\\b`);
        if (![...text].some(([g, u]) => g !== f && re.test(u))) dead.push(`${relative(ROOT, f)}: ${m[1]}`);
      }
    }
    expect(dead).toEqual([]);
  });
});
