#!/usr/bin/env node
// Checks the layering of the TypeScript sources (`npm run check:imports`, part of `npm test`):
//   1. src/core is a DAG at file level and at folder level (core/<area>): no import circles;
//   2. src/core imports nothing from vscode, src/extension, src/cli, src/shared or webview;
//      src/shared imports only core; webview imports only src/shared and core.
// Imports are read with the TypeScript compiler's own pre-processor, so type-only imports
// count too (a type circle still ties two layers together). Exit 1 names every violation.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.join(__dirname, '..');
const rel = (file) => path.relative(root, file).split(path.sep).join('/');

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return specifier; // a package
  const base = path.resolve(path.dirname(from), specifier);
  // JSON is data, not code (and such paths are often relative to the compiled output).
  if (/\.json$/.test(specifier)) return 'json-data';
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  return null;
}

/** file -> resolved imports (absolute paths for project files, bare names for packages). */
function importGraph(files) {
  const graph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = [];
    for (const imported of info.importedFiles) {
      const target = resolveImport(file, imported.fileName);
      if (target === null) throw new Error(`check-imports: ${rel(file)} imports ${imported.fileName}, which does not resolve`);
      targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Every elementary circle found by a depth-first search (one per back edge). */
function cycles(graph) {
  const state = new Map();
  const stack = [];
  const found = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

const coreDir = path.join(root, 'src', 'core');
const files = [...sourceFiles(path.join(root, 'src')), ...sourceFiles(path.join(root, 'webview'))];
const graph = importGraph(files);
const problems = [];

const coreGraph = new Map([...graph].filter(([file]) => file.startsWith(coreDir + path.sep)));
for (const circle of cycles(coreGraph)) problems.push(`import circle: ${circle.map(rel).join(' -> ')}`);

const areaOf = (file) => {
  const parts = path.relative(coreDir, file).split(path.sep);
  return parts.length > 1 ? `core/${parts[0]}` : 'core';
};
const areaGraph = new Map();
for (const [file, targets] of coreGraph) {
  const area = areaOf(file);
  if (!areaGraph.has(area)) areaGraph.set(area, new Set());
  for (const target of targets) {
    if (!coreGraph.has(target)) continue;
    const other = areaOf(target);
    if (other !== area) areaGraph.get(area).add(other);
  }
}
const areaEdges = new Map([...areaGraph].map(([area, set]) => [area, [...set]]));
for (const circle of cycles(areaEdges)) {
  const examples = circle.slice(0, -1).map((area, index) => {
    const next = circle[index + 1];
    const file = [...coreGraph].find(([from, targets]) => areaOf(from) === area && targets.some((t) => coreGraph.has(t) && areaOf(t) === next));
    return `${area} -> ${next} (e.g. ${file ? rel(file[0]) : '?'})`;
  });
  problems.push(`folder circle: ${circle.join(' -> ')}: ${examples.join('; ')}`);
}

const zoneOf = (file) => {
  if (typeof file !== 'string' || !path.isAbsolute(file)) return 'package';
  const r = rel(file);
  for (const zone of ['src/core', 'src/extension', 'src/cli', 'src/shared', 'webview']) if (r.startsWith(`${zone}/`)) return zone;
  return 'other';
};
const allowed = {
  'src/core': new Set(['src/core']),
  'src/shared': new Set(['src/core', 'src/shared']),
  webview: new Set(['src/core', 'src/shared', 'webview']),
  'src/cli': new Set(['src/core', 'src/cli']),
  'src/extension': new Set(['src/core', 'src/shared', 'src/extension']),
};
for (const [file, targets] of graph) {
  const zone = zoneOf(file);
  for (const target of targets) {
    const targetZone = zoneOf(target);
    if (targetZone === 'package') {
      if (target === 'vscode' && zone !== 'src/extension') problems.push(`${rel(file)} imports vscode (only src/extension may)`);
      continue;
    }
    if (!allowed[zone]?.has(targetZone)) problems.push(`${rel(file)} imports ${rel(target)} (${zone} may import only ${[...allowed[zone]].join(', ')})`);
  }
}

if (problems.length > 0) {
  console.error(`check-imports: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`check-imports: ${graph.size} files; src/core is a DAG (${coreGraph.size} files, ${areaGraph.size} folders); layers respected`);
