// The `vigil` command as an operator runs it: a child process of bin/vigil.js (the compiled
// CLI; `npm test` builds it first) with only the environment a test gives it (plus PATH).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { run, type Result } from './process.js';

export const BIN = resolve(import.meta.dirname, '../../bin/vigil.js');

export type CliResult = Result;

/** Runs `vigil ...args` and waits for it to end. */
export function vigil(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return run(process.execPath, [BIN, ...args], { cwd: process.cwd(), env: { PATH: process.env.PATH ?? '', ...env } });
}

/** A `vigil run` in the background, its JSON log lines collected as they come. */
export interface VigilProcess {
  child: ChildProcessWithoutNullStreams;
  logs: Record<string, unknown>[];
  /** Everything on stderr that is not a JSON log line (an error message, Node's warnings). */
  otherStderr: string[];
  /** Resolves with the first log line whose message is `msg`; rejects if the process exits first. */
  waitForLog(msg: string): Promise<Record<string, unknown>>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function startVigil(args: string[], env: Record<string, string> = {}): VigilProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env } });
  const logs: Record<string, unknown>[] = [];
  const otherStderr: string[] = [];
  const waiters: { msg: string; done: (entry: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stderr.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) {
        otherStderr.push(line);
        continue;
      }
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      for (const w of waiters.filter((x) => x.msg === entry.msg)) w.done(entry);
    }
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    child,
    logs,
    otherStderr,
    exited,
    waitForLog: (msg) =>
      new Promise((done, fail) => {
        const found = logs.find((l) => l.msg === msg);
        if (found) return done(found);
        waiters.push({ msg, done });
        void exited.then((code) => fail(new Error(`vigil exited with ${code} before logging "${msg}": ${otherStderr.join('\n')} ${JSON.stringify(logs)}`)));
      }),
  };
}
