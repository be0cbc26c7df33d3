// Writes a Vigil config for a test: the shipped watchlists, the built-in risk rules (the config
// names none), the test's own feeds and servers, and a data dir of its own.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

export const REPO_CONFIG_DIR = resolve(import.meta.dirname, '../../config');

export interface TestConfigOptions {
  dir: string;
  feeds: { name: string; url: string; publisher: string; language?: string }[];
  smtpUrl?: string;
  port?: number;
  baseUrl?: string;
  watchlists?: string[];
  /** The data dir, when not `dir` itself. */
  dataDir?: string;
}

/** Writes vigil.yaml into `dir` and returns its path. */
export function writeTestConfig(options: TestConfigOptions): string {
  const file = join(options.dir, 'vigil.yaml');
  const config = {
    watchlists: options.watchlists ?? [join(REPO_CONFIG_DIR, 'watchlists', '*.yaml')],
    feeds: options.feeds,
    dataDir: options.dataDir ?? options.dir,
    logLevel: 'warn',
    mail: { from: 'Vigil Test <vigil@test.example>', ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}) },
    web: { port: options.port ?? 0, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) },
  };
  writeFileSync(file, stringify(config));
  return file;
}
