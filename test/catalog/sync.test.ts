// Catalog sync on both databases: a gazetteer-sized watchlist (20,000 places, 2,000 actors) in
// one go, nothing written when nothing changed, exactly the edited row written when one alias
// changes, removed entries retired (feeds disabled) and revived with their ids, and two
// processes syncing at once ending with one config whole. Speed is measured by `npm run bench`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCatalog, loadCatalogWatchlists, readCatalogState, syncCatalog, type CatalogConfig } from '../../src/catalog/index.js';
import { applyMigrations, openDatabase, readMigrations, type Database } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { gazetteer, feed, watchlist } from '../helpers/catalogs.js';

const TABLES = ['feed', 'watchlist', 'place', 'actor'] as const;

/** Every row's xmin: a row rewritten (updated, revived, retired) gets a new one. */
async function rowVersions(db: Database): Promise<Record<string, Map<number, string>>> {
  const versions: Record<string, Map<number, string>> = {};
  for (const table of [...TABLES, 'catalog_sync']) {
    const { rows } = await db.pool.query<{ id: number; xmin: string }>(`SELECT id, xmin::text AS xmin FROM ${table}`);
    versions[table] = new Map(rows.map((r) => [r.id, r.xmin]));
  }
  return versions;
}

/** The ids whose row was written between two rowVersions, per table. */
function written(before: Record<string, Map<number, string>>, after: Record<string, Map<number, string>>): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(after).map(([table, rows]) => [table, [...rows].filter(([id, xmin]) => before[table]?.get(id) !== xmin).map(([id]) => id)]),
  );
}

const NOTHING_WRITTEN = { feed: [], watchlist: [], place: [], actor: [], catalog_sync: [] };

describe.each(DATABASE_KINDS)('catalog sync on the $kind database', ({ kind, skip }) => {
  let testDb: TestDatabase;
  let db: Database;
  let clock = Date.parse('2030-03-01T08:00:00.000Z');
  const options = () => ({ now: new Date((clock += 60_000)), syncedBy: 'test pid 1', vigilVersion: '0.1.0-test' });

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

  const big: CatalogConfig = gazetteer(20_000, 2_000);

  it.skipIf(skip)('syncs a 20,000-place, 2,000-actor watchlist from scratch, then reads it back whole', async () => {
    const report = await syncCatalog(db.prisma, big, options());
    expect(report).toMatchObject({
      hash: hashCatalog(big),
      previous: null,
      skipped: false,
      changed: true,
      feeds: { added: 3, updated: 0, disabled: 0 },
      watchlists: { added: 1, updated: 0, retired: 0 },
      places: { added: 20_000, updated: 0, retired: 0 },
      actors: { added: 2_000, updated: 0, retired: 0 },
    });

    const [loaded, ...others] = await loadCatalogWatchlists(db.prisma);
    expect(others).toEqual([]);
    expect(loaded).toMatchObject({ slug: 'gazetteer', name: 'Mali gazetteer' });
    const config = big.watchlists[0];
    const byName = new Map(loaded?.places.map((p) => [p.name, p]));
    expect(byName.size).toBe(20_000);
    for (const p of config?.places ?? []) expect(byName.get(p.name)).toMatchObject({ aliases: p.aliases, within: p.within, ambiguous: p.ambiguous });
    expect(loaded?.actors.map((a) => a.name).sort()).toEqual(config?.actors.map((a) => a.name).sort());
    expect(await readCatalogState(db.prisma)).toEqual({ hash: report.hash, syncedAt: new Date(clock), syncedBy: 'test pid 1', vigilVersion: '0.1.0-test' });
  });

  it.skipIf(skip)('skips a second sync of the same config without writing anything', async () => {
    const before = await rowVersions(db);
    const previous = await readCatalogState(db.prisma);
    const report = await syncCatalog(db.prisma, big, options());
    expect(report).toMatchObject({ previous, skipped: true, changed: false, places: { added: 0, updated: 0, retired: 0 } });
    expect(written(before, await rowVersions(db))).toEqual(NOTHING_WRITTEN);
  });

  it.skipIf(skip)('a forced sync of the same config writes no feed, watchlist, place or actor, only its own record', async () => {
    const before = await rowVersions(db);
    const report = await syncCatalog(db.prisma, big, { ...options(), force: true });
    expect(report).toMatchObject({ skipped: false, changed: false, feeds: { added: 0, updated: 0, disabled: 0 }, places: { added: 0, updated: 0, retired: 0 } });
    const changes = written(before, await rowVersions(db));
    expect({ ...changes, catalog_sync: [] }).toEqual(NOTHING_WRITTEN);
    expect(changes.catalog_sync).toHaveLength(1);
    const { rows } = await db.pool.query('SELECT forced, places, actors FROM catalog_sync ORDER BY id DESC LIMIT 1');
    expect(rows[0]).toEqual({ forced: true, places: 20_000, actors: 2_000 });
  });

  it.skipIf(skip)('an edited alias rewrites exactly that place', async () => {
    const [w] = big.watchlists;
    if (!w) throw new Error('no watchlist');
    const target = w.places[12_345];
    const edited: CatalogConfig = { ...big, watchlists: [{ ...w, places: w.places.map((p) => (p === target ? { ...p, aliases: [...p.aliases, 'Nouvel alias'] } : p)) }] };
    const { rows } = await db.pool.query<{ id: number }>('SELECT id FROM place WHERE name = $1', [target?.name]);
    const before = await rowVersions(db);

    const report = await syncCatalog(db.prisma, edited, options());

    expect(report).toMatchObject({ skipped: false, changed: true, places: { added: 0, updated: 1, retired: 0 }, actors: { added: 0, updated: 0, retired: 0 } });
    const changes = written(before, await rowVersions(db));
    expect({ ...changes, catalog_sync: [] }).toEqual({ ...NOTHING_WRITTEN, place: [rows[0]?.id] });
    const loaded = await loadCatalogWatchlists(db.prisma);
    expect(loaded[0]?.places.find((p) => p.name === target?.name)?.aliases).toEqual([...(target?.aliases ?? []), 'Nouvel alias']);
  });

  it.skipIf(skip)('retires a removed place, keeping its row, and revives it with the same id when it is listed again', async () => {
    const first = watchlist('sahel', ['Ogossagou', 'Sobane Da', 'Diallassagou'], ['Katiba Macina']);
    await syncCatalog(db.prisma, { feeds: [feed(1)], watchlists: [first] }, options());
    const ids = await placeIds(db, 'sahel');

    const removal = options();
    const without = { ...first, places: first.places.filter((p) => p.name !== 'Sobane Da') };
    const report = await syncCatalog(db.prisma, { feeds: [feed(1)], watchlists: [without] }, removal);
    expect(report.places).toEqual({ added: 0, updated: 0, retired: 1 });
    const { rows } = await db.pool.query('SELECT id, retired_at FROM place WHERE name = $1', ['Sobane Da']);
    expect(rows).toEqual([{ id: ids.get('Sobane Da'), retired_at: removal.now }]);
    expect((await loadCatalogWatchlists(db.prisma)).flatMap((w) => w.places.map((p) => p.name))).toEqual(['Ogossagou', 'Diallassagou']);

    const back = await syncCatalog(db.prisma, { feeds: [feed(1)], watchlists: [first] }, options());
    expect(back.places).toEqual({ added: 0, updated: 1, retired: 0 });
    expect(await placeIds(db, 'sahel')).toEqual(ids);
    const [revived] = await loadCatalogWatchlists(db.prisma);
    expect(revived?.places.map((p) => [p.name, p.id])).toEqual([...ids]);
  });

  it.skipIf(skip)('retires a removed watchlist with its places and actors, and the gazetteer is no longer matched', async () => {
    // The previous test's config replaced the gazetteer: its 20,000 places are retired, not gone.
    const { rows } = await db.pool.query(
      "SELECT count(*)::int AS places, count(p.retired_at)::int AS retired, bool_and(w.retired_at IS NOT NULL) AS watchlist_retired FROM place p JOIN watchlist w ON w.id = p.watchlist_id WHERE w.slug = 'gazetteer'",
    );
    expect(rows[0]).toEqual({ places: 20_000, retired: 20_000, watchlist_retired: true });
    expect((await loadCatalogWatchlists(db.prisma)).map((w) => w.slug)).toEqual(['sahel']);
  });

  it.skipIf(skip)('disables a feed no longer listed, and enables it again when it is listed again', async () => {
    const sahel = watchlist('sahel', ['Ogossagou', 'Sobane Da', 'Diallassagou'], ['Katiba Macina']);
    const report = await syncCatalog(db.prisma, { feeds: [feed(2)], watchlists: [sahel] }, options());
    // Feed 2 was disabled when the gazetteer's feeds left the config; listing it again enables it.
    expect(report.feeds).toEqual({ added: 0, updated: 1, disabled: 1 });
    expect(await enabledFeeds(db)).toEqual([feed(2).url]);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM feed');
    expect(rows[0]).toEqual({ n: 3 });

    const back = await syncCatalog(db.prisma, { feeds: [feed(1), feed(2)], watchlists: [sahel] }, options());
    expect(back.feeds).toEqual({ added: 0, updated: 1, disabled: 0 });
    expect(await enabledFeeds(db)).toEqual([feed(1).url, feed(2).url]);
  });

  it.skipIf(skip)('two processes syncing different configs at once leave one of the two configs whole', async () => {
    const second = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir, log: silentLogger() });
    try {
      const a: CatalogConfig = { feeds: [feed(1), feed(3)], watchlists: [watchlist('sahel', names('A', 3_000), ['Katiba Macina'])] };
      const b: CatalogConfig = { feeds: [feed(2)], watchlists: [watchlist('sahel', names('B', 3_000), ['Dan Na Ambassagou']), watchlist('liptako', ['Ménaka'], [])] };
      const reports = await Promise.all([syncCatalog(db.prisma, a, options()), syncCatalog(second.prisma, b, options())]);
      expect(reports.map((r) => r.skipped)).toEqual([false, false]);

      const state = await readCatalogState(db.prisma);
      const winner = [a, b].find((c) => hashCatalog(c) === state?.hash);
      expect(winner).toBeDefined();
      const loaded = await loadCatalogWatchlists(db.prisma);
      const expected = winner?.watchlists.map((w) => ({ slug: w.slug, places: w.places.map((p) => p.name).sort(), actors: w.actors.map((x) => x.name).sort() }));
      const actual = loaded.map((w) => ({ slug: w.slug, places: w.places.map((p) => p.name).sort(), actors: w.actors.map((x) => x.name).sort() }));
      expect(actual.sort((x, y) => x.slug.localeCompare(y.slug))).toEqual(expected?.sort((x, y) => x.slug.localeCompare(y.slug)));
      expect(await enabledFeeds(db)).toEqual(winner?.feeds.map((f) => f.url).sort());
    } finally {
      await second.close();
    }
  });
});

async function placeIds(db: Database, slug: string): Promise<Map<string, number>> {
  const { rows } = await db.pool.query<{ id: number; name: string }>(
    'SELECT p.id, p.name FROM place p JOIN watchlist w ON w.id = p.watchlist_id WHERE w.slug = $1 ORDER BY p.id',
    [slug],
  );
  return new Map(rows.map((r) => [r.name, r.id]));
}

async function enabledFeeds(db: Database): Promise<string[]> {
  const { rows } = await db.pool.query<{ url: string }>('SELECT url FROM feed WHERE enabled ORDER BY url');
  return rows.map((r) => r.url);
}

function names(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-village ${i}`);
}
