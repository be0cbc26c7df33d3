// `npm run build` (scripts/build.mjs, also run before `npm start` and `npm test`): dist/ ends as a
// clean build would leave it, and an unchanged tree is not compiled again. The script runs with the
// real tsconfigs on a small src/ in a scratch folder, never on this repository's dist/, which
// other test files are using.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, run, scratchCopy } from './run.js';

const project = scratchCopy(['package.json', 'scripts/build.mjs', 'tsconfig.json', 'tsconfig.build.json']);
afterAll(() => rmSync(project, { recursive: true, force: true }));

function build(): ReturnType<typeof run> {
  return run(process.execPath, ['scripts/build.mjs'], { cwd: project });
}

function write(file: string, text: string): void {
  mkdirSync(join(project, file, '..'), { recursive: true });
  writeFileSync(join(project, file), text);
}

/** Path → mtime of every file under dist/, the build's own state files included. */
function distMtimes(): Map<string, number> {
  const dist = join(project, 'dist');
  const entries = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(entries.map((entry) => [join(entry.parentPath, entry.name), statSync(join(entry.parentPath, entry.name)).mtimeMs]));
}

describe('npm run build', () => {
  it('is what npm start, npm test and npm install run', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.build).toBe('node scripts/build.mjs');
    expect(scripts.prestart).toBe(scripts.build);
    expect(scripts.pretest).toBe(scripts.build);
    expect(scripts.prepare).toContain('npm run build');
  });

  it('compiles src/ into dist/ with source maps', async () => {
    write('src/main.ts', "import { greet } from './text/greet.js';\nexport const greeting = greet('Mopti');\n");
    write('src/text/greet.ts', 'export function greet(name: string): string {\n  return `hello ${name}`;\n}\n');
    write('src/obsolete-module.ts', 'export const obsolete = true;\n');
    const { code, stderr } = await build();
    expect(stderr).toContain('compiling');
    expect(code).toBe(0);
    for (const output of ['main.js', 'main.js.map', 'text/greet.js', 'obsolete-module.js', 'obsolete-module.js.map']) {
      expect(existsSync(join(project, 'dist', output)), output).toBe(true);
    }
  });

  it('writes nothing in dist/ when nothing changed', async () => {
    const before = distMtimes();
    const { code, stdout, stderr } = await build();
    expect(code).toBe(0);
    expect(stdout + stderr).toBe('');
    expect(distMtimes()).toEqual(before);
  });

  it('removes the outputs of a deleted source file, and a stale output that has no source', async () => {
    rmSync(join(project, 'src/obsolete-module.ts'));
    write('dist/gone/old-module.js', 'export {};\n');
    write('dist/gone/old-module.js.map', '{}\n');
    const { code, stderr } = await build();
    expect(code).toBe(0);
    expect(stderr).toContain('removed dist/obsolete-module.js (its source is gone)');
    for (const stale of ['obsolete-module.js', 'obsolete-module.js.map', 'gone']) expect(existsSync(join(project, 'dist', stale)), stale).toBe(false);
    expect(existsSync(join(project, 'dist/main.js'))).toBe(true);
  });

  it('compiles a changed file again', async () => {
    write('src/text/greet.ts', 'export function greet(name: string): string {\n  return `bonjour ${name}`;\n}\n');
    expect((await build()).code).toBe(0);
    expect(readFileSync(join(project, 'dist/text/greet.js'), 'utf8')).toContain('bonjour');
  });

  it('restores an output deleted by hand', async () => {
    rmSync(join(project, 'dist/main.js'));
    const { code, stderr } = await build();
    expect(code).toBe(0);
    expect(stderr).toContain('1 outputs missing');
    expect(existsSync(join(project, 'dist/main.js'))).toBe(true);
  });

  it('fails on a type error, and compiles again on the next run', async () => {
    write('src/text/greet.ts', 'export function greet(name: string): string {\n  return name.length;\n}\n');
    const failed = await build();
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toContain('TS2322');
    write('src/text/greet.ts', 'export function greet(name: string): string {\n  return `salut ${name}`;\n}\n');
    const { code, stderr } = await build();
    expect(code).toBe(0);
    expect(stderr).toContain('compiling');
    expect(readFileSync(join(project, 'dist/text/greet.js'), 'utf8')).toContain('salut');
  });
});
