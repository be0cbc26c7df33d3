// A notice's "recent history" is the same watchlist's events at the same places (by id) and in
// their cercle: never another watchlist's events, never a homonymous village elsewhere. On both
// databases, through the ingest path the poll cycle takes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEarlierAlerts, loadAlertDetail } from '../../src/alerts/index.js';
import { loadCatalogWatchlists, syncCatalog, type CatalogConfig } from '../../src/catalog/index.js';
import { applyMigrations, openDatabase, readMigrations, type Database } from '../../src/db/index.js';
import type { FeedRef, ItemDraft } from '../../src/feeds/index.js';
import { ingestItems, type IngestDeps } from '../../src/ingest.js';
import { silentLogger } from '../../src/log.js';
import { compileMatcher } from '../../src/matching/index.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { compileSignalRules } from '../../src/risk/index.js';
import { feed } from '../helpers/catalogs.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { shippedConfig } from '../helpers/watchlists.js';

const village = (name: string, within: string[]) => ({ name, kind: 'village' as const, aliases: [], within, ambiguous: false });
const cercle = (name: string) => ({ name, kind: 'cercle' as const, aliases: [], within: ['Mali'], ambiguous: false });

// Two watchlists; both watch a village called Ogossagou, but not the same one.
const CATALOG: CatalogConfig = {
  feeds: [feed(1)],
  watchlists: [
    {
      slug: 'bankass',
      name: 'Bankass cercle',
      file: '/config/watchlists/bankass.yaml',
      places: [cercle('Bankass cercle'), village('Ogossagou', ['Bankass cercle', 'Mali']), village('Gouari', ['Bankass cercle', 'Mali']), village('Kalala', ['Macina cercle', 'Mali'])],
      actors: [],
    },
    {
      slug: 'elsewhere',
      name: 'A homonym elsewhere',
      file: '/config/watchlists/elsewhere.yaml',
      places: [village('Ogossagou', ['Mali'])],
      actors: [],
    },
  ],
};

const item = (guid: string, day: number, text: string): ItemDraft => ({
  guid,
  link: null,
  canonicalLink: null,
  title: '',
  text,
  publishedAt: new Date(Date.UTC(2026, 10, day, 12)),
  contentHash: guid,
});

describe.each(DATABASE_KINDS)('recent history on the $kind database', ({ kind, skip }) => {
  let testDb: TestDatabase;
  let db: Database;
  let deps: IngestDeps;
  let source: FeedRef;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(kind);
    db = await openDatabase({ url: testDb.url, dataDir: testDb.dataDir, log: silentLogger() });
    await applyMigrations(db.pool, readMigrations(MIGRATIONS_DIR));
    await syncCatalog(db.prisma, CATALOG, { now: new Date(), syncedBy: 'test', vigilVersion: 'test' });
    const matcher = compileMatcher(await loadCatalogWatchlists(db.prisma));
    deps = { db: db.prisma, now: () => new Date('2026-11-27T00:00:00Z'), risk: shippedConfig.risk, matcher, signalRules: compileSignalRules(shippedConfig.risk), backfillDays: 3650 };
    source = await db.prisma.feed.findFirstOrThrow({ select: { id: true, name: true, url: true, publisher: true } });
  });

  afterAll(async () => {
    if (skip) return;
    await db?.close();
    await testDb?.drop();
  });

  it.skipIf(skip)('keeps what an event’s reports add up to, and adds up once the reports of an event stored without it', async () => {
    const [first] = await ingestItems(deps, source, [item('k1', 1, 'Gunmen attacked Kalala, killing 3 villagers.')]);
    const id = first?.alertIds[0] ?? 0;
    await ingestItems(deps, source, [item('k2', 1, 'Gunmen attacked Kalala, killing 5 villagers.')]);
    const kept = await db.prisma.alert.findUniqueOrThrow({ where: { id } });
    expect(kept.assessment).toMatchObject({ killed: { low: 3, high: 5, reports: 2 } });

    // As an event stored before assessments were kept: the next report adds up its reports first.
    await db.pool.query('UPDATE alert SET assessment = NULL WHERE id = $1', [id]);
    await ingestItems(deps, source, [item('k3', 1, 'Gunmen attacked Kalala, killing 9 villagers.')]);
    const event = await db.prisma.alert.findUniqueOrThrow({ where: { id } });
    expect(event).toMatchObject({ killedMin: 3, killedMax: 9, revision: 3, assessment: { killed: { low: 3, high: 9, reports: 3 } } });
  });

  it.skipIf(skip)('lists the same watchlist’s events in the same cercle, not another watchlist’s homonym', async () => {
    const [first] = await ingestItems(deps, source, [item('a', 10, 'Gunmen attacked Ogossagou, killing 3 villagers.')]);
    const [kalala] = await ingestItems(deps, source, [item('b', 12, 'Gunmen attacked Kalala, killing 2 villagers.')]);
    const [gouari] = await ingestItems(deps, source, [item('c', 20, 'Gunmen attacked Gouari, killing 4 villagers.')]);
    // Ogossagou is in both watchlists: one event in each.
    expect(first?.alertIds).toHaveLength(2);
    expect(kalala?.alertIds).toHaveLength(1);

    const gouariEvent = await loadAlertDetail(db.prisma, gouari?.alertIds[0] ?? 0);
    const history = await listEarlierAlerts(db.prisma, gouariEvent as NonNullable<typeof gouariEvent>, 90);
    const bankassOgossagou = await db.prisma.alert.findFirstOrThrow({ where: { watchlist: { slug: 'bankass' }, places: { some: { place: { name: 'Ogossagou' } } } } });
    expect(history.map((h) => h.id)).toEqual([bankassOgossagou.id]);

    const elsewhere = await db.prisma.alert.findFirstOrThrow({ where: { watchlist: { slug: 'elsewhere' } } });
    const [later] = await ingestItems(deps, source, [item('d', 22, 'Gunmen attacked Ogossagou again, killing 5 villagers.')]);
    const laterElsewhere = await db.prisma.alert.findFirstOrThrow({ where: { id: { in: later?.alertIds ?? [] }, watchlist: { slug: 'elsewhere' } } });
    const elsewhereHistory = await listEarlierAlerts(db.prisma, (await loadAlertDetail(db.prisma, laterElsewhere.id)) as NonNullable<Awaited<ReturnType<typeof loadAlertDetail>>>, 90);
    expect(elsewhereHistory.map((h) => h.id)).toEqual([elsewhere.id]);
  });
});
