// Child processes for the toolchain tests: the repository's scripts as npm and CI run them.
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export { run } from '../helpers/process.js';

/** The repository's root folder. */
export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * A scratch folder holding copies of the named repository files and a link to its node_modules,
 * so that a test can build, delete and break things there while other test files use the real
 * dist/ and src/.
 */
export function scratchCopy(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-toolchain-'));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
