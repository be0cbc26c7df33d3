// Three `vigil run` replicas on one PostgreSQL, 30 local feeds and 100 subscribers on a local SMTP
// server, while attacks are published over several cycles and replicas are SIGKILLed and
// restarted at random. At the end every subscriber has every notice exactly once (a resend of
// the message in flight at a kill carries the same Message-ID and counts once), within 60 s of the
// last restart; and no feed was claimed twice for one due time (a trigger added by the test
// records every claim the replicas commit).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, vigil, type VigilProcess } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { adminQuery, createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { rssFeed } from '../helpers/feeds.js';
import { startFeedServer, startMailCatcher, type FeedServer, type MailCatcher } from '../helpers/servers.js';

const postgres = DATABASE_KINDS.find((k) => k.kind === 'postgres');
const REPLICAS = 3;
const FEEDS = 30;
const SUBSCRIBERS = 100;
const TICK_MS = 3_000;
const VILLAGES = ['Ogossagou', 'Gouari', 'Djimdo', 'Pangadougou', 'Ogota'];
/** Pooled connections per replica: at most this many messages are in flight when one is killed. */
const IN_FLIGHT_PER_KILL = 5;

// A deterministic shuffle, so a failure can be replayed.
let seed = 20261127;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(postgres?.skip ?? true)('three replicas killed at random while attacks are reported (PostgreSQL)', () => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let mail: MailCatcher;
  let client: pg.Client;
  let config: string;
  let env: Record<string, string>;
  const started: VigilProcess[] = [];
  const items = new Map<number, Parameters<typeof rssFeed>[0]>();

  const publish = (feed: number, item: Parameters<typeof rssFeed>[0][number]) => {
    const list = [...(items.get(feed) ?? []), item];
    items.set(feed, list);
    feeds.routes.set(`/feed-${feed}.xml`, { body: rssFeed(list), delayMs: 20 + ((feed * 37) % 150) });
  };
  const replica = () => {
    const p = startVigil(['--config', config, '--allow-fast-schedule', 'run'], env);
    started.push(p);
    return p;
  };
  const query = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    feeds = await startFeedServer();
    mail = await startMailCatcher();
    for (let n = 1; n <= FEEDS; n++) publish(n, { guid: `f${n}-market`, title: `Market news ${n}`, pubDate: new Date().toUTCString(), description: `Prices in Mopti, report ${n}.` });
    const list = Array.from({ length: FEEDS }, (_, i) => ({ name: `Feed ${i + 1}`, url: feeds.url(`/feed-${i + 1}.xml`), publisher: `Publisher ${i + 1}` }));
    // A short lease, so that a killed replica's feeds come back within a few ticks.
    config = writeTestConfig({ dir: db.dataDir, feeds: list, smtpUrl: mail.url, schedule: '*/3 * * * * *', polling: { leaseSeconds: 2 } });
    env = { DATABASE_URL: db.url as string };
    expect((await vigil(['--config', config, '--allow-fast-schedule', 'migrate'], env)).code).toBe(0);
    await adminQuery(
      db.url as string,
      `CREATE TABLE test_claim_log (feed_id int, tick timestamptz, claimed_by text);
       CREATE FUNCTION test_log_claim() RETURNS trigger AS $$ BEGIN INSERT INTO test_claim_log VALUES (NEW.id, NEW.last_polled_at, NEW.claimed_by); RETURN NEW; END $$ LANGUAGE plpgsql;
       CREATE TRIGGER test_log_claim AFTER UPDATE OF claimed_until ON feed FOR EACH ROW WHEN (NEW.claimed_until IS DISTINCT FROM OLD.claimed_until AND NEW.claimed_until IS NOT NULL) EXECUTE FUNCTION test_log_claim();
       INSERT INTO subscriber (email, confirmed_at, confirmed_by) SELECT 'reader' || i || '@ngo.example', now(), 'test' FROM generate_series(1, ${SUBSCRIBERS}) i;
       INSERT INTO subscription (subscriber_id, watchlist_id, confirmed_at, confirmed_by) SELECT s.id, w.id, now(), 'test' FROM subscriber s, watchlist w WHERE w.slug = 'central-mali';`,
    );
    client = new pg.Client({ connectionString: db.url as string });
    await client.connect();
  });

  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await client?.end();
    await Promise.all([feeds?.close(), mail?.close()]);
    await db?.drop();
  });

  it('delivers every notice to every subscriber once, within 60 s of the last restart', { timeout: 240_000 }, async () => {
    const live: VigilProcess[] = [];
    for (let i = 0; i < REPLICAS; i++) live.push(replica());
    await Promise.all(live.map((r) => r.waitForLog('Vigil is running')));
    let kills = 0;
    for (const [round, village] of VILLAGES.entries()) {
      const feed = 1 + ((round * 7) % FEEDS);
      publish(feed, {
        guid: `attack-${round}`,
        title: `Attack on ${village}`,
        pubDate: new Date().toUTCString(),
        description: `Gunmen attacked the village of ${village} in the Bankass cercle, killing ${10 + round} civilians and burning homes.`,
      });
      // Killed somewhere in the next cycle: while polling, storing or sending.
      await sleep(TICK_MS * (0.3 + random()));
      const victim = Math.floor(random() * live.length);
      const dead = live.splice(victim, 1)[0];
      dead?.child.kill('SIGKILL');
      await dead?.exited;
      kills += 1;
      await sleep(500 + random() * 1500);
      live.push(replica());
    }
    await Promise.all(live.map((r) => r.waitForLog('Vigil is running')));
    const lastRestart = Date.now();

    const outstanding = async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM delivery WHERE status <> 'sent'`))[0]?.n);
    const events = async () => Number((await query<{ n: string }>('SELECT count(*) AS n FROM alert'))[0]?.n);
    while (Date.now() - lastRestart < 60_000 && ((await outstanding()) > 0 || (await events()) < VILLAGES.length || mail.messages.length === 0)) await sleep(250);
    const tookMs = Date.now() - lastRestart;
    await sleep(1_000); // any message still on the wire arrives
    for (const r of live) r.child.kill('SIGTERM');
    await Promise.all(live.map((r) => r.exited));

    expect(await events()).toBe(VILLAGES.length);
    expect(await outstanding()).toBe(0);
    expect(tookMs).toBeLessThan(60_000);
    // Each event's first notice went to every subscriber, and revisions to the same ones.
    const perEvent = await query<{ alert_id: number; n: string }>(`SELECT alert_id, count(DISTINCT subscriber_id) AS n FROM delivery GROUP BY alert_id`);
    expect(perEvent.map((e) => Number(e.n))).toEqual(VILLAGES.map(() => SUBSCRIBERS));

    // What each subscriber received is exactly what the outbox says was sent to them.
    const bare = (id: string | undefined) => (id ?? '').replace(/^<|>$/g, '');
    const sent = await query<{ email: string; message_id: string }>(`SELECT s.email, d.message_id FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id`);
    const expected = new Map<string, Set<string>>();
    for (const row of sent) expected.set(row.email, (expected.get(row.email) ?? new Set()).add(bare(row.message_id)));
    const received = new Map<string, Set<string>>();
    mail.messages.forEach((m, i) => {
      for (const to of mail.recipients[i] ?? []) received.set(to, (received.get(to) ?? new Set()).add(bare(m.messageId)));
    });
    expect(received.size).toBe(SUBSCRIBERS);
    for (const [email, ids] of expected) expect([email, [...(received.get(email) ?? [])].sort()]).toEqual([email, [...ids].sort()]);
    // Twice only what was in flight at a kill, with the same Message-ID.
    const copies = mail.messages.length - new Set(mail.messages.map((m) => m.messageId)).size;
    expect(copies).toBeLessThanOrEqual(kills * IN_FLIGHT_PER_KILL);

    // No feed claimed twice for one due time, and no fetch without a claim.
    const twice = await query<{ feed_id: number; tick: Date; n: string }>('SELECT feed_id, tick, count(*) AS n FROM test_claim_log GROUP BY feed_id, tick HAVING count(*) > 1');
    expect(twice).toEqual([]);
    const claims = Number((await query<{ n: string }>('SELECT count(*) AS n FROM test_claim_log'))[0]?.n);
    expect(feeds.requests.length).toBeLessThanOrEqual(claims);
    expect(claims).toBeGreaterThan(FEEDS * 3);
  });
});
