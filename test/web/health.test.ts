// The web app while PostgreSQL is unreachable (played by a TCP proxy the test cuts): pages answer
// 500 in HTML and the API `{error, requestId}`, neither naming the database, its host or port;
// /healthz says 503 unavailable (and "degraded" while most feeds fail or mail is refused); the log has the details under the same request id; and every
// page works again once the database is back, without a restart.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCatalog } from '../../src/catalog/index.js';
import { applyMigrations, openDatabase, readMigrations, type Database } from '../../src/db/index.js';
import { MIGRATIONS_DIR, TEMPLATES_DIR } from '../../src/paths.js';
import { loadTemplates } from '../../src/templates.js';
import { buildWebApp, type WebApp } from '../../src/web/index.js';
import { gazetteer } from '../helpers/catalogs.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { startTcpProxy, type TcpProxy } from '../helpers/servers.js';

const skip = DATABASE_KINDS.find((k) => k.kind === 'postgres')?.skip ?? true;
const INTERNALS = /prisma|postgres|127\.0\.0\.1|localhost|:\d{4,5}\b|ECONNRE|connect|stack|at \w+ \(/i;

describe.skipIf(skip)('the web app with its database unreachable (PostgreSQL)', () => {
  let testDb: TestDatabase;
  let proxy: TcpProxy;
  let db: Database;
  let web: WebApp;
  let base: string;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    const target = new URL(testDb.url ?? '');
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    target.host = `127.0.0.1:${proxy.port}`;
    const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) });
    db = await openDatabase({ url: target.toString(), dataDir: testDb.dataDir, log });
    await applyMigrations(db.pool, readMigrations(MIGRATIONS_DIR));
    await syncCatalog(db.prisma, gazetteer(5, 2), { now: new Date(), syncedBy: 'test', vigilVersion: 'test' });
    web = buildWebApp({ db: db.prisma, log, templates: loadTemplates(TEMPLATES_DIR), templatesDir: TEMPLATES_DIR, now: () => new Date() });
    base = (await web.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  });

  afterAll(async () => {
    proxy?.restore();
    await web?.close();
    await db?.close();
    await proxy?.close();
    await testDb?.drop();
  });

  it('works before the outage', async () => {
    expect((await fetch(`${base}/alerts`)).status).toBe(200);
  });

  it('answers 500 without internals while the database is gone, and logs the details under the request id', async () => {
    proxy.cut();
    const page = await fetch(`${base}/alerts`);
    const html = await page.text();
    expect(page.status).toBe(500);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('Something went wrong');
    expect(html).not.toMatch(INTERNALS);

    const api = await fetch(`${base}/api/alerts`);
    const body = (await api.json()) as { error: string; requestId: string };
    expect(api.status).toBe(500);
    expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
    expect(body.error).not.toMatch(INTERNALS);
    const logged = logLines.find((l) => l.requestId === body.requestId && l.msg === 'request failed');
    expect(logged).toBeDefined();

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
  });

  it('says degraded in /healthz, with why, while most feeds fail or the mail server refuses mail', async () => {
    proxy.restore();
    const health = async () => (await fetch(`${base}/healthz`)).json() as Promise<{ status: string; problems?: string[] }>;
    expect(await health()).toMatchObject({ status: 'ok', database: 'ok' });
    const feeds = await db.prisma.feed.findMany({ select: { id: true } });
    await db.prisma.feed.updateMany({ data: { errorCount: 3 } });
    expect(await health()).toMatchObject({ status: 'degraded', problems: [`${feeds.length} of ${feeds.length} feeds failing`] });
    await db.prisma.feed.updateMany({ data: { errorCount: 0 } });
    const now = new Date();
    await db.prisma.mailTransport.create({ data: { status: 'paused', reason: '535 authentication failed', since: now, failures: 2, pausedUntil: new Date(now.getTime() + 60_000), updatedAt: now } });
    expect(await health()).toMatchObject({ status: 'degraded', problems: ['sending paused: 535 authentication failed'], mail: { status: 'paused' } });
    await db.prisma.mailTransport.deleteMany();
    expect(await health()).toMatchObject({ status: 'ok' });
  });

  it('serves every page again once the database is back, without a restart', async () => {
    proxy.restore();
    for (const path of ['/alerts', '/api/alerts', '/map', '/healthz']) expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 200]);
  });
});
