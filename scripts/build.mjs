#!/usr/bin/env node
// Compiles src/ into dist/ for `npm install`, `npm start` and `npm test`. Plain `tsc` falls short
// in two ways, which this script covers:
// - It takes about 2 s even when nothing changed (it reloads and rechecks every file), and
//   `npm start` builds before every start. Here a fingerprint of the inputs (path, size and mtime
//   of every file under src/, the tsconfigs, package-lock.json and this script) is compared with
//   the one stored at the last successful build; when they match, tsc does not run at all and
//   nothing in dist/ is written.
// - It never deletes what it emitted for a source file that was since deleted or renamed, and a
//   stale dist/ module can still be imported. Every file in dist/ without a source in src/ is
//   removed. tsc's incremental state does not notice a deleted output either, so a missing output
//   makes tsc start from scratch.
// The paths below are those of tsconfig.build.json (rootDir, outDir, tsBuildInfoFile).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const TSCONFIG = join(ROOT, 'tsconfig.build.json');
const BUILD_INFO = join(DIST, '.tsbuildinfo');
const STAMP = join(DIST, '.build-stamp');
/** Inputs outside src/ that change what tsc emits (compiler options, dependency types). */
const OTHER_INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.mjs'];
/** Output suffix → source suffix. Longest first: `.d.ts.map` must not be read as `.map`. */
const OUTPUT_TO_SOURCE = [
  ['.d.ts.map', '.ts'], ['.d.mts.map', '.mts'], ['.d.cts.map', '.cts'],
  ['.d.ts', '.ts'], ['.d.mts', '.mts'], ['.d.cts', '.cts'],
  ['.js.map', '.ts'], ['.mjs.map', '.mts'], ['.cjs.map', '.cts'],
  ['.js', '.ts'], ['.mjs', '.mts'], ['.cjs', '.cts'],
];

/** Every file under `dir`, as paths relative to it, sorted. */
function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

function fingerprintOf(sources) {
  const hash = createHash('sha256');
  const inputs = [...sources.map((file) => join('src', file)), ...OTHER_INPUTS];
  for (const file of inputs) {
    const stat = statSync(join(ROOT, file), { throwIfNoEntry: false });
    hash.update(`${file}\t${stat ? `${stat.size}\t${stat.mtimeMs}` : 'absent'}\n`);
  }
  return hash.digest('hex');
}

/** The source a dist/ file was emitted from (files tsc copies, such as JSON, keep their name). */
function sourceOf(output) {
  for (const [outSuffix, srcSuffix] of OUTPUT_TO_SOURCE) {
    if (output.endsWith(outSuffix)) return output.slice(0, -outSuffix.length) + srcSuffix;
  }
  return output;
}

function isCompiled(source) {
  return /\.[mc]?ts$/.test(source) && !/\.d\.[mc]?ts$/.test(source);
}

function expectedOutput(source) {
  return source.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs');
}

/** Removes the dist/ files whose source is gone, then the folders left empty. */
function removeStaleOutputs(sources) {
  const present = new Set(sources);
  const removed = [];
  for (const output of listFiles(DIST)) {
    const path = join(DIST, output);
    if (path === BUILD_INFO || path === STAMP || present.has(sourceOf(output))) continue;
    rmSync(path);
    removed.push(output);
  }
  for (const dir of new Set(removed.map((output) => dirname(join(DIST, output))))) {
    for (let d = dir; d.startsWith(DIST + '/') && readdirSync(d).length === 0; d = dirname(d)) rmdirSync(d);
  }
  return removed;
}

const sources = listFiles(SRC);
const fingerprint = fingerprintOf(sources);
const removed = removeStaleOutputs(sources);
for (const output of removed) console.error(`build: removed dist/${output} (its source is gone)`);
const missing = sources.filter(isCompiled).map(expectedOutput).filter((output) => !existsSync(join(DIST, output)));
const stamp = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
if (missing.length === 0 && stamp === fingerprint) process.exit(0);

if (missing.length > 0) rmSync(BUILD_INFO, { force: true });
console.error(missing.length > 0 ? `build: compiling src/ into dist/ (${missing.length} outputs missing)` : 'build: src/ changed, compiling into dist/');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', TSCONFIG], { cwd: ROOT, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
// The fingerprint was taken before compiling: a file edited during the build is built next time.
writeFileSync(STAMP, fingerprint + '\n');
