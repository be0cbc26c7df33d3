// Webhooks against a real HTTP server on 127.0.0.1: an event revision is POSTed as JSON through
// the outbox, signed with the subscription's secret (the receiver verifies the HMAC of the raw
// body); a 500 is retried later and arrives once; a 410 fails for good with its reason shown to
// operators; an endpoint that refuses connections never pauses email to others. One clock.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { listDeliveries } from '../../src/notify/admin.js';
import { readTransportState, sendDueDeliveries } from '../../src/notify/index.js';
import { assertWebhookSubscription } from '../../src/notify/webhook-subscription.js';
import { DATABASE_KINDS } from '../helpers/db.js';
import { closeServer, listen } from '../helpers/servers.js';
import { fixture, startStack, type Stack } from '../helpers/stack.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

describe.each(DATABASE_KINDS)('webhooks on the $kind database', ({ kind, skip }) => {
  let stack: Stack;
  const received: Received[] = [];
  // /flaky answers 500 the first time, then 200; /gone 410; anything else 200.
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '';
      const answered = path === '/gone' ? 410 : path === '/flaky' && !received.some((r) => r.path === '/flaky') ? 500 : 200;
      received.push({ path, headers: req.headers, body, answered });
      res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 410 ? 'endpoint removed by the partner' : 'ok');
    });
  });
  let port = 0;
  let closedPort = 0;
  const secrets = new Map<string, string>();
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const deps = () => ({ ...stack.deps, now, webhooks: { allowPrivate: true, timeoutMs: 2_000 } });
  const db = () => stack.app.db.prisma;

  beforeAll(async () => {
    if (skip) return;
    port = await listen(server);
    const closed = createServer();
    closedPort = await listen(closed);
    await closeServer(closed); // nothing listens there now: connections are refused
    stack = await startStack(kind, [{ name: 'HRW — Mali', path: '/hrw.atom', publisher: 'Human Rights Watch' }], {});
    await stack.subscribe('officer@ngo.example', 'serious-concern', true);
    const watchlist = await db().watchlist.findUniqueOrThrow({ where: { slug: 'central-mali' } });
    const hooks = { ok: `http://127.0.0.1:${port}/ok`, flaky: `http://127.0.0.1:${port}/flaky`, gone: `http://127.0.0.1:${port}/gone`, down: `http://127.0.0.1:${closedPort}/hook` };
    for (const [name, url] of Object.entries(hooks)) {
      const added = await assertWebhookSubscription(db(), { url, watchlistId: watchlist.id, minLevel: 'serious-concern', by: 'test operator', now: now() });
      if (added.outcome !== 'unchanged') secrets.set(name, added.secret);
    }
  });

  afterAll(async () => {
    if (skip) return;
    await closeServer(server);
    await stack?.close();
  });

  it.skipIf(skip)('POSTs the event signed with the secret, and emails the person in the same round although one endpoint is down', async () => {
    stack.feeds.routes.set('/hrw.atom', { body: fixture('hrw-mali.atom.xml'), contentType: 'application/atom+xml' });
    const cycle = await runPollCycle(deps());
    expect(cycle).toMatchObject({ alertsCreated: 1, emailsQueued: 5, emails: { sent: 1, failed: 0, transportDown: false, webhooks: { sent: 1, failed: 1, retrying: 2 } } });
    await stack.mail.waitFor(1);
    expect(stack.mail.recipients.flat()).toEqual(['officer@ngo.example']);
    expect(await readTransportState(db())).toEqual({ status: 'ok' });

    const ok = received.find((r) => r.path === '/ok');
    if (!ok) throw new Error('the /ok endpoint received nothing');
    const expected = `sha256=${createHmac('sha256', secrets.get('ok') ?? '').update(ok.body).digest('hex')}`;
    expect(ok.headers['x-vigil-signature']).toBe(expected);
    // Signed with another subscription's secret it would not verify.
    expect(ok.headers['x-vigil-signature']).not.toBe(`sha256=${createHmac('sha256', secrets.get('gone') ?? '').update(ok.body).digest('hex')}`);
    expect(ok.headers['content-type']).toMatch(/^application\/json/);
    const alert = await db().alert.findFirstOrThrow();
    expect(ok.headers['x-vigil-event']).toBe(`${alert.id}.r1`);
    const delivery = await db().delivery.findFirstOrThrow({ where: { kind: 'webhook', subscriber: { webhookUrl: `http://127.0.0.1:${port}/ok` } } });
    expect(ok.headers['x-vigil-delivery']).toBe(String(delivery.id));
    const event = JSON.parse(ok.body) as Record<string, unknown>;
    expect(event).toMatchObject({ id: alert.id, watchlist: 'central-mali', level: alert.level, revision: 1, latestRevision: 1, places: expect.arrayContaining([expect.any(String)]), sources: expect.any(Array) });
    expect(event.changes).toEqual(expect.any(Array));
  });

  it.skipIf(skip)('fails a 410 for good with its reason shown, and retries a 500 and a refused connection with counted attempts', async () => {
    const rows = await listDeliveries(db(), { limit: 20 });
    const byUrl = async (path: string) => {
      const d = await db().delivery.findFirstOrThrow({ where: { kind: 'webhook', subscriber: { webhookUrl: { endsWith: path } } } });
      return rows.find((r) => r.id === d.id);
    };
    expect(await byUrl('/gone')).toMatchObject({ kind: 'webhook', status: 'failed', attempts: 1, lastError: 'HTTP 410: endpoint removed by the partner' });
    expect(await byUrl('/flaky')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500: ok' });
    expect((await byUrl(`:${closedPort}/hook`))?.lastError).toMatch(/ECONNREFUSED/);
    // Not due yet: a second round at once posts nothing.
    const posts = received.length;
    await sendDueDeliveries(deps());
    expect(received.length).toBe(posts);
  });

  it.skipIf(skip)('delivers the retried event once when the endpoint answers 200, with the same delivery id', async () => {
    offsetMs += 31_000;
    const report = await sendDueDeliveries(deps());
    expect(report.webhooks).toMatchObject({ sent: 1, retrying: 1 });
    offsetMs += 10 * 60_000;
    await sendDueDeliveries(deps());
    const flaky = received.filter((r) => r.path === '/flaky');
    expect(flaky.map((r) => r.answered)).toEqual([500, 200]);
    expect(flaky[0]?.headers['x-vigil-delivery']).toBe(flaky[1]?.headers['x-vigil-delivery']);
    expect(flaky[0]?.body).toBe(flaky[1]?.body);
    expect(received.filter((r) => r.path === '/ok')).toHaveLength(1);
    expect(received.filter((r) => r.path === '/gone')).toHaveLength(1);
    expect(stack.mail.recipients.flat()).toEqual(['officer@ngo.example']);
    const down = await db().delivery.findFirstOrThrow({ where: { kind: 'webhook', subscriber: { webhookUrl: { endsWith: `:${closedPort}/hook` } } } });
    expect(down).toMatchObject({ status: 'pending', attempts: 3 });
  });
});
