// `npm run lint:cycles` (dpdm, run by .ci/run after lint) fails on an import cycle in src/, and a
// type-only import counts: a stage that needs another's types while that one needs its code is
// still a layering knot. The check runs on small scratch trees, not on this repository's src/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, scratchCopy } from './run.js';

const projects: string[] = [];
afterAll(() => projects.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs `npm run lint:cycles` over a src/ made of `files` (path → source). */
async function checkCycles(files: Record<string, string>): ReturnType<typeof run> {
  const dir = scratchCopy(['package.json', 'tsconfig.json']);
  projects.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return run('npm', ['run', '--silent', 'lint:cycles'], { cwd: dir });
}

const config = {
  'src/config/index.ts': "export { loadConfig, type WatchlistConfig } from './load.js';\n",
  'src/config/load.ts': "import { normalizeKey } from '../matching/index.js';\nexport interface WatchlistConfig { slug: string }\nexport function loadConfig(name: string): WatchlistConfig {\n  return { slug: normalizeKey(name) };\n}\n",
};

describe('npm run lint:cycles', () => {
  it('fails on a cycle closed by a type-only import, naming its files', async () => {
    const { code, stdout } = await checkCycles({
      ...config,
      'src/matching/index.ts': "import type { WatchlistConfig } from '../config/index.js';\nexport const normalizeKey = (text: string): string => text.toLowerCase();\nexport type Watchlists = WatchlistConfig[];\n",
    });
    expect(code).toBe(1);
    const cycle = /^\s*1\) (.*)$/m.exec(stdout)?.[1]?.split(' -> ').sort();
    expect(cycle).toEqual(['src/config/index.ts', 'src/config/load.ts', 'src/matching/index.ts']);
  });

  it('passes once the shared helper lives below both stages', async () => {
    const { code, stdout } = await checkCycles({
      ...config,
      'src/config/load.ts': config['src/config/load.ts'].replace('../matching/index.js', '../text/index.js'),
      'src/text/index.ts': 'export const normalizeKey = (text: string): string => text.toLowerCase();\n',
      'src/matching/index.ts': "import type { WatchlistConfig } from '../config/index.js';\nexport type Watchlists = WatchlistConfig[];\n",
    });
    expect(stdout).toContain('no circular dependency');
    expect(code).toBe(0);
  });

  it('leaves out the generated Prisma client, whose files import each other', async () => {
    const { code } = await checkCycles({
      'src/db/generated/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
      'src/db/generated/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
    });
    expect(code).toBe(0);
  });
});
