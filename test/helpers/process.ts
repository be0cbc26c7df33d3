// A child process run to its end, its output collected: the CLI and toolchain tests' way of
// running things as an operator or CI would.
import { spawn } from 'node:child_process';

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
