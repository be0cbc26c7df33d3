// Child processes for the toolchain tests: the repository's scripts as npm and CI run them.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository's root folder. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** What a finished child process left. */
export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command ...args` in `cwd`, writes `input` (if any) to its stdin, and waits for it to end. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input);
  });
}

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
