// A fresh database per test file, on both kinds Vigil supports: the embedded PGlite (always)
// and the PostgreSQL server of DATABASE_URL (when set, as .ci/run does), where each file gets
// its own database, created and dropped here.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export type DatabaseKind = 'embedded' | 'postgres';

/** The kinds to run on, with a reason when one is skipped (shown in the test name). */
export const DATABASE_KINDS: { kind: DatabaseKind; skip: boolean }[] = [
  { kind: 'embedded', skip: false },
  { kind: 'postgres', skip: !process.env.DATABASE_URL },
];

export interface TestDatabase {
  kind: DatabaseKind;
  /** DATABASE_URL for Vigil: null for the embedded database. */
  url: string | null;
  /** A data dir (embedded database files, outbox). */
  dataDir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  if (kind === 'embedded') {
    // A PGlite initialised once by the global setup: copying it saves initdb per file.
    const template = inject('pgliteTemplate');
    if (template && existsSync(template)) cpSync(template, join(dataDir, 'pglite'), { recursive: true });
    return { kind, url: null, dataDir, drop: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })) };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `vigil_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    dataDir,
    drop: async () => {
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs one statement on the server of `url` (CREATE and DROP DATABASE). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
