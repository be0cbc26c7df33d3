// A running process's view of the catalog (followCatalog): it reads the database's, never
// writes it; when another process has synced another config since, the next look reloads it
// and warns once, naming both versions. Before any sync, it says which command to run.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followCatalog, hashCatalog, shortHash, syncCatalog, type CatalogConfig } from '../../src/catalog/index.js';
import { applyMigrations, openDatabase, readMigrations, type Database } from '../../src/db/index.js';
import { matchItem } from '../../src/matching/index.js';
import { silentLogger } from '../../src/log.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { feed, watchlist } from '../helpers/catalogs.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';

/** A logger whose lines land in an array. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

const MINE: CatalogConfig = { feeds: [feed(1)], watchlists: [watchlist('central-mali', ['Ogossagou'], ['JNIM'])] };
const THEIRS: CatalogConfig = { feeds: [feed(1)], watchlists: [watchlist('central-mali', ['Ogossagou', 'Ouémbé'], ['JNIM'])] };

describe.each(DATABASE_KINDS)('followCatalog on the $kind database', ({ kind, skip }) => {
  let testDb: TestDatabase;
  let db: Database;
  const sync = (catalog: CatalogConfig, by: string) => syncCatalog(db.prisma, catalog, { now: new Date('2030-03-01T08:00:00Z'), syncedBy: by, vigilVersion: '0.1.0-test' });

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(kind);
    db = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir, log: silentLogger() });
    await applyMigrations(db.pool, readMigrations(MIGRATIONS_DIR));
  });
  afterAll(async () => {
    if (skip) return;
    await db?.close();
    await testDb?.drop();
  });

  it.skipIf(skip)('asks for `vigil sync` on a database that holds no catalog', async () => {
    const live = followCatalog({ db: db.prisma, log: silentLogger(), location: 'test database' }, hashCatalog(MINE));
    await expect(live.current()).rejects.toMatchObject({ code: 'VIGIL_CATALOG_NOT_SYNCED', message: expect.stringContaining('run `vigil sync`') });
  });

  it.skipIf(skip)('follows another process’s sync at the next look, warning once with both versions', async () => {
    const { log, lines } = capturingLogger();
    await sync(MINE, 'replica-a pid 1');
    const live = followCatalog({ db: db.prisma, log, location: 'test database' }, hashCatalog(MINE));
    const item = { title: 'Attack on Ouémbé and Ogossagou', text: '' };
    expect(matchItem((await live.current()).matcher, item).map((m) => m.name)).toEqual(['Ogossagou']);
    expect(lines).toEqual([]);

    await sync(THEIRS, 'replica-b pid 2');
    const after = await live.current();
    await live.current();

    expect(matchItem(after.matcher, item).map((m) => m.name)).toEqual(['Ouémbé', 'Ogossagou']);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, thisConfig: shortHash(hashCatalog(MINE)), databaseConfig: shortHash(hashCatalog(THEIRS)), syncedBy: 'replica-b pid 2' }),
    ]);
  });
});
