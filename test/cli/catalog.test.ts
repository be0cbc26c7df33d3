// Who writes the catalog (feeds, watchlists) into the database: only `vigil run`, `vigil
// migrate` and `vigil sync`. Every other command reads the database's catalog, so a command
// run with another config file (or a replica on another config version) never disables the
// running server's feeds; it says that the configs differ, naming both versions.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import { vigil } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';

const FEED = (n: number) => ({ name: `Feed ${n}`, url: `https://example.org/feed-${n}.xml`, publisher: `Publisher ${n}` });

describe.each(DATABASE_KINDS)('the catalog on the $kind database', ({ kind, skip }) => {
  let db: TestDatabase;
  let server: string;
  let other: string;
  let env: Record<string, string>;

  /** The feed table as an operator would look at it. */
  async function feedRows(): Promise<unknown[]> {
    const open: Database = await openDatabase({ url: db.url, dataDir: db.dataDir, log: silentLogger() });
    try {
      return (await open.pool.query<Record<string, unknown>>('SELECT id, url, enabled, updated_at FROM feed ORDER BY id')).rows;
    } finally {
      await open.close();
    }
  }

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(kind);
    env = db.url ? { DATABASE_URL: db.url, LOG_LEVEL: 'info' } : { LOG_LEVEL: 'info' };
    server = writeTestConfig({ dir: db.dataDir, feeds: [FEED(1), FEED(2)] });
    // Another config file on the same database, with one other feed.
    const otherDir = join(db.dataDir, 'other');
    mkdirSync(otherDir);
    // The same data dir: the embedded database is one, as it is for two configs on one machine.
    other = writeTestConfig({ dir: otherDir, feeds: [FEED(3)], dataDir: db.dataDir });
  });
  afterAll(async () => {
    if (!skip) await db?.drop();
  });

  it.skipIf(skip)('migrate writes the catalog of its config', async () => {
    const { code, stdout } = await vigil(['--config', server, 'migrate', '--json'], env);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).catalog).toMatchObject({ changed: true, previous: null });
    expect(await feedRows()).toEqual([expect.objectContaining({ url: FEED(1).url, enabled: true }), expect.objectContaining({ url: FEED(2).url, enabled: true })]);
  });

  it.skipIf(skip)('a command run with another config reads the catalog, changes nothing, and says the configs differ', async () => {
    const before = await feedRows();
    const added = await vigil(['--config', other, 'subscribers', 'add', 'officer@ngo.example', '--watchlist', 'central-mali', '--confirmed'], env);
    expect(added.code).toBe(0);
    expect(await feedRows()).toEqual(before);
    const warning = added.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 40);
    expect(warning).toMatchObject({ msg: expect.stringContaining('synced from another config'), thisConfig: expect.stringMatching(/^[0-9a-f]{12}$/), databaseConfig: expect.stringMatching(/^[0-9a-f]{12}$/) });
    expect(warning?.thisConfig).not.toBe(warning?.databaseConfig);
  });

  it.skipIf(skip)('sync writes this config: the other feeds are disabled, kept, and nothing is written twice', async () => {
    const synced = await vigil(['--config', other, 'sync', '--json'], env);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ changed: true });
    const rows = await feedRows();
    expect(rows).toEqual([
      expect.objectContaining({ url: FEED(1).url, enabled: false }),
      expect.objectContaining({ url: FEED(2).url, enabled: false }),
      expect.objectContaining({ url: FEED(3).url, enabled: true }),
    ]);
    const again = await vigil(['--config', other, 'sync'], env);
    expect(again.stdout).toMatch(/^Catalog: unchanged \(config [0-9a-f]{12}\); nothing written\.$/m);
    expect(await feedRows()).toEqual(rows);
  });
});
