// Two Vigil processes polling at once on one PostgreSQL, six feeds carrying reports of one
// attack: each report is stored once and all of them join one event (the event lock per
// watchlist), whichever process stored it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../../src/alerts/index.js';
import { openDatabase, type Database } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import { vigil } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { rssFeed } from '../helpers/feeds.js';
import { startFeedServer, type FeedServer } from '../helpers/servers.js';

const postgres = DATABASE_KINDS.find((k) => k.kind === 'postgres');
const FEEDS = 6;

describe('one attack, six feeds, two processes', () => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let config: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (postgres?.skip) return;
    db = await createTestDatabase('postgres');
    feeds = await startFeedServer();
    for (let n = 1; n <= FEEDS; n++) {
      const report = {
        guid: `report-${n}`,
        title: `Mali: ${28 + n} civilians killed in attack on Ogossagou`,
        pubDate: 'Tue, 24 Nov 2026 08:00:00 +0000',
        description: `Gunmen attacked Ogossagou on Sunday and killed ${28 + n} civilians, source ${n} reported.`,
      };
      feeds.routes.set(`/feed-${n}.xml`, { body: rssFeed([report]) });
    }
    const list = Array.from({ length: FEEDS }, (_, i) => ({ name: `Feed ${i + 1}`, url: feeds.url(`/feed-${i + 1}.xml`), publisher: `Publisher ${i + 1}` }));
    config = writeTestConfig({ dir: db.dataDir, feeds: list });
    env = { DATABASE_URL: db.url as string };
    const migrated = await vigil(['--config', config, 'migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
  });

  afterAll(async () => {
    if (postgres?.skip) return;
    await feeds?.close();
    await db?.drop();
  });

  it.skipIf(postgres?.skip ?? true)('stores each report once and joins all of them to one event', async () => {
    const [a, b] = await Promise.all([vigil(['--config', config, 'poll', '--json'], env), vigil(['--config', config, 'poll', '--json'], env)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const stored = JSON.parse(a.stdout).newItems + JSON.parse(b.stdout).newItems;
    expect(stored).toBe(FEEDS);

    const open: Database = await openDatabase({ url: db.url, dataDir: db.dataDir, log: silentLogger() });
    try {
      const alerts = await listAlerts(open.prisma, { limit: 10 });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]?.sources).toHaveLength(FEEDS);
      expect(alerts[0]).toMatchObject({ killed: { min: 29, max: 34 }, revision: FEEDS });
    } finally {
      await open.close();
    }
  });
});
