// The web app over real HTTP on a real database, after a real poll: the history's filters and
// cursor pages, event and place pages, the map, Atom, CAP (validated against the OASIS schema)
// and CSV, the JSON API, errors that never show internals, and the limits on slow clients.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts, searchAlerts } from '../../src/alerts/index.js';
import { runPollCycle } from '../../src/cycle.js';
import { silentLogger } from '../../src/log.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { buildWebApp, type WebApp } from '../../src/web/index.js';
import { capErrors } from '../helpers/cap.js';
import { DATABASE_KINDS } from '../helpers/db.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { BANKASS_ITEM, OGOSSAGOU_UPDATE, WEB_FEEDS, localFeed, pollWebFeeds } from './fixtures.js';

describe.each(DATABASE_KINDS)('the web app on the $kind database', ({ kind, skip }) => {
  let stack: Stack;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.baseUrl}${path}`, { headers });
  const ids = async () => {
    const rows = await stack.app.db.prisma.alert.findMany({ include: { places: { include: { place: true } } } });
    const of = (name: string) => rows.find((r) => r.places.some((p) => p.place.name === name))?.id ?? -1;
    return { ogossagou: of('Ogossagou'), ogota: of('Ogota'), bankass: of('Bankass') };
  };
  const placeId = async (name: string) => (await stack.app.db.prisma.place.findFirstOrThrow({ where: { name } })).id;

  beforeAll(async () => {
    if (skip) return;
    stack = await startStack(kind, WEB_FEEDS, {});
    await stack.subscribe('officer@ngo.example', 'serious-concern', true);
    await pollWebFeeds(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it.skipIf(skip)('lists every event newest first, and filters by level, place, actor and words of the evidence', async () => {
    const { ogossagou, ogota, bankass } = await ids();
    const listed = async (query: string) => [...(await (await get(`/alerts${query}`)).text()).matchAll(/<li id="alert-(\d+)"/g)].map((m) => Number(m[1]));
    expect(await listed('')).toEqual([ogossagou, ogota, bankass]);
    expect(await listed('?level=current-crisis')).toEqual(expect.arrayContaining([ogossagou]));
    expect(await listed('?level=serious-concern')).toEqual([ogota]);
    expect(await listed(`?place=${await placeId('Ogota')}`)).toEqual([ogota]);
    // A cercle holds its villages and towns.
    expect(await listed(`?place=${await placeId('Bankass cercle')}`)).toEqual([ogossagou, ogota, bankass]);
    expect(await listed('?q=habitants+ont+fui')).toEqual([bankass]);
    expect(await listed('?q=OGOSSAGOU')).toEqual([ogossagou]);
    expect(await listed('?from=2026-11-24&to=2026-11-24')).toEqual([ogota]);
    const dozo = await stack.app.db.prisma.actor.findFirstOrThrow({ where: { name: 'Dozo militias' } });
    expect(await listed(`?actor=${dozo.id}`)).toEqual([ogossagou]);
  });

  it.skipIf(skip)('pages through the history with a cursor: every event once, newest first', async () => {
    const seen: number[] = [];
    let after = null;
    do {
      const page: Awaited<ReturnType<typeof searchAlerts>> = await searchAlerts(stack.app.db.prisma, {}, { limit: 1, after });
      seen.push(...page.alerts.map((a) => a.id));
      after = page.next;
    } while (after);
    const all = await searchAlerts(stack.app.db.prisma, {}, { limit: 10 });
    expect(seen).toEqual(all.alerts.map((a) => a.id));
    expect(all.next).toBeNull();
  });

  it.skipIf(skip)('links each email to its event page, which stays there however many events come after (it was /alerts#alert-ID)', async () => {
    const { ogossagou } = await ids();
    const [mail] = (await stack.mail.waitFor(3)).filter((m) => m.subject?.includes('Ogossagou'));
    const link = /See this alert in Vigil: (\S+)/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(link).toBe(`${stack.baseUrl}/alerts/${ogossagou}`);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Ogossagou');
  });

  it.skipIf(skip)('reads each event as `vigil alerts list --json` shows it (one query per page, the same shape)', async () => {
    const page = await searchAlerts(stack.app.db.prisma, {}, { limit: 10 });
    expect(page.alerts.map(({ placeDetails: _p, ...view }) => view)).toEqual(await listAlerts(stack.app.db.prisma, { limit: 10 }));
  });

  it.skipIf(skip)('answers a filter it cannot read with the reason, not an empty list', async () => {
    const response = await get('/alerts?level=massacre&from=yesterday');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Unknown level &quot;massacre&quot;');
    expect(html).toContain('The date &quot;yesterday&quot; in from');
    const api = await get('/api/alerts?level=massacre');
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: expect.stringContaining('massacre'), requestId: expect.any(String) });
  });

  it.skipIf(skip)('advertises the Atom feed and the CSV of the filter shown, on the history and place pages', async () => {
    // Handlebars writes = in attributes as &#x3D;, which browsers read as =.
    const html = (await (await get('/alerts?level=current-crisis')).text()).replace(/&#x3D;/g, '=');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Atom feed of these alerts" href="/alerts.atom?level=current-crisis">');
    expect(html).toContain('<link rel="alternate" type="text/csv"');
    const place = (await (await get(`/places/${await placeId('Ogossagou')}`)).text()).replace(/&#x3D;/g, '=');
    expect(place).toMatch(/<link rel="alternate" type="application\/atom\+xml"[^>]+href="\/alerts\.atom\?watchlist=central-mali&amp;place=\d+"/);
  });

  it.skipIf(skip)('shows an event as its notice: level, figures by source, evidence with the names marked, sources, revisions', async () => {
    const { ogossagou } = await ids();
    const response = await get(`/alerts/${ogossagou}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Mass atrocity crimes are occurring');
    expect(html).toContain('Key figures (reported)');
    expect(html).toMatch(/<mark>Ogossagou<\/mark>/);
    expect(html).toContain('href="https://www.hrw.org/news/2026/11/26/mali-dozo-militia-kills-dozens-fulani-villagers-ogossagou"');
    expect(html).toContain('Revision 1');
    expect(html).toContain(`href="/alerts/${ogossagou}.cap"`);
  });

  it.skipIf(skip)('never prints hostile feed text as markup, nor a javascript: link, in pages, Atom, CAP or CSV', async () => {
    const { ogota } = await ids();
    for (const path of ['/alerts', `/alerts/${ogota}`, `/places/${await placeId('Ogota')}`, '/map']) {
      const html = await (await get(path)).text();
      expect(html, path).not.toMatch(/<script|<img|onerror=|javascript:/i);
    }
    const page = await (await get(`/alerts/${ogota}`)).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const path of ['/alerts.atom', '/alerts.cap.atom', `/alerts/${ogota}.cap`]) {
      const xml = await (await get(path)).text();
      expect(xml, path).not.toMatch(/<script|<img|javascript:/i);
    }
    const csv = await (await get('/alerts.csv')).text();
    expect(csv).toContain(`'=HYPERLINK(""http://evil.example"",""Hostile"")`);
    expect(csv).not.toMatch(/(^|,)"?=/m);
  });

  it.skipIf(skip)('exports the filtered history as CSV with the HXL hashtags in the second row', async () => {
    const response = await get('/alerts.csv?level=current-crisis');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, hxl, ...rows] = (await response.text()).trimEnd().split('\r\n');
    expect(header?.split(',').slice(0, 4)).toEqual(['id', 'date', 'level', 'title']);
    for (const tag of ['#date', '#adm1+name', '#adm2+name', '#loc+name', '#geo+lat', '#geo+lon', '#affected+killed+min', '#affected+killed+max', '#severity', '#meta+source']) expect(hxl?.split(',')).toContain(tag);
    expect(rows.every((r) => r.includes(',current-crisis,'))).toBe(true);
    expect(rows.find((r) => r.includes('Ogossagou'))).toContain('Bandiagara region,Bankass cercle,Ogossagou');
  });

  it.skipIf(skip)('serves each event as CAP 1.2 that the OASIS schema accepts, and a CAP index linking to them', async () => {
    const { ogossagou, ogota, bankass } = await ids();
    for (const id of [ogossagou, ogota, bankass]) {
      const response = await get(`/alerts/${id}.cap`);
      expect(response.headers.get('content-type')).toBe('application/cap+xml; charset=utf-8');
      await expect(capErrors(await response.text())).resolves.toEqual([]);
    }
    const index = await (await get('/alerts.cap.atom')).text();
    expect(index).toMatch(new RegExp(`<link rel="alternate" type="application/cap\\+xml" href="http://[^"]+/alerts/${ogossagou}\\.cap"/>`));
  });

  it.skipIf(skip)('keeps an event its Atom id when a report revises it: the entry is updated, the CAP message is an Update', async () => {
    const { ogossagou } = await ids();
    const entryOf = async () => {
      const xml = await (await get('/alerts.atom?level=current-crisis')).text();
      const entry = xml.split('<entry>').find((e) => e.includes(`/alerts/${ogossagou}"`)) ?? '';
      return { id: /<id>([^<]+)<\/id>/.exec(entry)?.[1], updated: /<updated>([^<]+)<\/updated>/.exec(entry)?.[1] };
    };
    const before = await entryOf();
    expect(before.id).toMatch(/^tag:[a-z0-9.-]+,2026:alert\/\d+$/);
    const etag = (await get('/alerts.atom')).headers.get('etag') ?? '';
    expect((await get('/alerts.atom', { 'if-none-match': etag })).status).toBe(304);

    stack.feeds.routes.set('/local.xml', { body: localFeed(stack.feeds, [BANKASS_ITEM, OGOSSAGOU_UPDATE]) });
    await runPollCycle(stack.later(120));
    const after = await entryOf();
    expect(after.id).toBe(before.id);
    expect(after.updated).not.toBe(before.updated);
    const cap = await (await get(`/alerts/${ogossagou}.cap`)).text();
    expect(cap).toContain('<msgType>Update</msgType>');
    await expect(capErrors(cap)).resolves.toEqual([]);
    expect(await (await get(`/alerts/${ogossagou}`)).text()).toContain('Revision 2');
  });

  it.skipIf(skip)('shows a withdrawn event as withdrawn on its page, in the list and the feeds, and cancels it in CAP', async () => {
    const { ogota } = await ids();
    await stack.app.db.prisma.alert.update({ where: { id: ogota }, data: { withdrawnAt: new Date('2026-11-27T08:00:00Z'), withdrawnReason: 'no report names its places any more' } });
    expect(await (await get(`/alerts/${ogota}`)).text()).toContain('<strong>Withdrawn</strong> on 2026-11-27: no report names its places any more');
    expect(await (await get('/alerts')).text()).toMatch(new RegExp(`<li id="alert-${ogota}" class="alert level-serious-concern withdrawn">`));
    expect(await (await get('/alerts.atom')).text()).toContain('WITHDRAWN — SERIOUS CONCERN');
    const cap = await (await get(`/alerts/${ogota}.cap`)).text();
    expect(cap).toContain('<msgType>Cancel</msgType>');
    await expect(capErrors(cap)).resolves.toEqual([]);
  });

  it.skipIf(skip)('gives the JSON API the shapes of the CLI, with the filters and a Link to the next page', async () => {
    const { ogossagou } = await ids();
    const list = (await (await get('/api/alerts?level=current-crisis')).json()) as { id: number; level: string; places: string[]; sources: unknown[] }[];
    expect(list.map((a) => a.level)).toEqual(list.map(() => 'current-crisis'));
    expect(list[0]).toMatchObject({ id: expect.any(Number), places: expect.any(Array), sources: expect.any(Array), revision: expect.any(Number) });
    expect(list[0]).not.toHaveProperty('placeDetails');
    const one = (await (await get(`/api/alerts/${ogossagou}`)).json()) as { id: number; revisions: unknown[] };
    expect(one.id).toBe(ogossagou);
    const byPlace = (await (await get(`/api/places/${await placeId('Ogossagou')}/alerts`)).json()) as { id: number }[];
    expect(byPlace.map((a) => a.id)).toEqual([ogossagou]);
    expect(Array.isArray(await (await get('/api/feeds')).json())).toBe(true);
  });

  it.skipIf(skip)('draws the place chart and the map inline, linking each watched place', async () => {
    const place = await (await get(`/places/${await placeId('Bankass cercle')}`)).text();
    expect(place).toMatch(/<svg viewBox="0 0 640 \d+" role="img"/);
    expect(place).toContain('<title>2026-11: ');
    const map = await (await get('/map')).text();
    expect(map).toMatch(new RegExp(`<a href="/places/${await placeId('Bankass')}" class="place level-current-crisis">`));
    expect(map).toMatch(/<a href="\/places\/\d+" class="place level-none">/);
  });

  it.skipIf(skip)('answers an unknown page with an HTML page for browsers and JSON under /api/', async () => {
    for (const path of ['/nowhere', '/alerts/99999999', '/alerts/abc', '/places/99999']) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<h1>Page not found</h1>');
    }
    const api = await get('/api/nowhere');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'Not found.', requestId: expect.any(String) });
    expect((await get('/api/alerts/99999999')).status).toBe(404);
  });

  it.skipIf(skip)('never shows the database error of a failed request (the old /unsubscribe/%00 printed it, with host and port)', async () => {
    const response = await get('/unsubscribe/%00');
    const body = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(body).not.toMatch(/prisma|postgres|127\.0\.0\.1|5432|invalid byte|0x00|stack/i);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it.skipIf(skip)('reports database-wide figures and the process metrics at /metrics for Prometheus', async () => {
    const response = await get('/metrics');
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^vigil_events_total\{level="current-crisis"\} 2$/m);
    expect(text).toMatch(/^vigil_items_total \d+$/m);
    // No subscriber here, so no delivery: the gauge is declared, without series.
    expect(text).toContain('# TYPE vigil_deliveries_total gauge');
    expect(text).toMatch(/^vigil_outbox_pending \d+$/m);
    expect(text).toMatch(/^vigil_feeds_failing 0$/m);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).not.toContain('@');
  });

  it.skipIf(skip)('sends the security headers with every answer, errors included', async () => {
    for (const path of ['/alerts', '/nowhere', '/alerts.atom', '/api/alerts']) {
      const headers = (await get(path)).headers;
      expect(headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(headers.get('content-security-policy'), path).not.toContain('unsafe-inline');
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});

describe.each(DATABASE_KINDS.filter((k) => k.kind === 'embedded'))('slow and greedy clients', () => {
  let stack: Stack;
  let app: WebApp;
  let port = 0;

  beforeAll(async () => {
    stack = await startStack('embedded', [], {});
    app = buildWebApp({
      db: stack.app.db.prisma,
      log: silentLogger(),
      templates: stack.app.templates,
      templatesDir: TEMPLATES_DIR,
      now: () => new Date(),
      limits: { headersTimeoutMs: 400, requestTimeoutMs: 800, maxConnectionsPerIp: 3 },
    });
    port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port);
  });

  afterAll(async () => {
    await app?.close();
    await stack?.close();
  });

  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    });
  const closed = (socket: Socket) => new Promise<number>((resolve) => { const start = Date.now(); socket.on('close', () => resolve(Date.now() - start)); });

  it('times out the shipped app by default (requestTimeout was 0, no limit)', () => {
    expect(stack.web.server.requestTimeout).toBeGreaterThan(0);
    expect(stack.web.server.headersTimeout).toBeLessThanOrEqual(10_000);
  });

  it('closes a connection that trickles its headers', async () => {
    const socket = await open();
    const done = closed(socket);
    socket.write('GET /alerts HTTP/1.1\r\nHost: x\r\n');
    const timer = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
    const ms = await done;
    clearInterval(timer);
    expect(ms).toBeLessThan(3000);
  });

  it('refuses connections from one address beyond the cap', async () => {
    const sockets = await Promise.all([open(), open(), open()]);
    const extra = await open();
    await expect(closed(extra)).resolves.toBeLessThan(2000);
    await Promise.all(sockets.map((s) => { const done = closed(s); s.destroy(); return done; }));
    // The server counts a connection out when it sees it close.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('refuses a body over the limit with 413', async () => {
    // Fastify answers from the announced length, before the body comes.
    const socket = await open();
    const answer = new Promise<string>((resolve) => {
      socket.once('data', (data) => resolve(data.toString('latin1')));
      socket.once('close', () => resolve('closed without an answer'));
    });
    socket.write('POST /unsubscribe/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200000\r\n\r\na=');
    const status = Number((await answer).split(' ')[1]);
    socket.destroy();
    expect(status).toBe(413);
  });
});
