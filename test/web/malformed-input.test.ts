// The web app given what a visitor or a script mistypes: the subscribe form with a bad address,
// missing fields, an oversized body or a wrong content type; filters and ids that are no such
// thing in query strings and paths. Each answers 400, 404, 413 or 415 with a message naming the
// field: an HTML page for pages, `{error, requestId}` for /api/. Over HTTP on 127.0.0.1, on each
// kind of database (the embedded one, and PostgreSQL when DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../helpers/db.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;

// The form's hidden inputs (a CSRF token, when the app has one) and its cookies, sent back as a browser would.
async function formContext(): Promise<{ hidden: Record<string, string>; cookie: string }> {
  const response = await fetch(`${stack.baseUrl}/subscribe`);
  const html = await response.text();
  const hidden = Object.fromEntries([...html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)].map(([tag]) => [/name="([^"]*)"/.exec(tag)?.[1] ?? '', /value="([^"]*)"/.exec(tag)?.[1] ?? '']));
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { hidden, cookie };
}

async function postSubscribe(fields: Record<string, string>, headers: Record<string, string> = {}, rawBody?: string): Promise<Response> {
  const { hidden, cookie } = await formContext();
  const body = rawBody ?? new URLSearchParams({ ...hidden, ...fields }).toString();
  return fetch(`${stack.baseUrl}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers }, body });
}

const valid = { email: 'officer@ngo.example', watchlist: 'central-mali', minLevel: 'serious-concern', cadence: 'immediate', language: 'en' };

describe.each(DATABASE_KINDS)('the web app given malformed input, on the $kind database', ({ kind, skip }) => {
  beforeAll(async () => {
    if (!skip) stack = await startStack(kind, [], {});
  }, 120_000);

  afterAll(async () => {
    if (!skip) await stack?.close();
  });

  it.skipIf(skip)('POST /subscribe with a bad address: 400, the form again saying the address is not valid', async () => {
    const response = await postSubscribe({ ...valid, email: 'officer@' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/valid email address/);
  });

  it.skipIf(skip)('POST /subscribe with an over-long address: 400', async () => {
    const response = await postSubscribe({ ...valid, email: `${'a'.repeat(5000)}@ngo.example` });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/valid email address/);
  });

  it.skipIf(skip)('POST /subscribe with an unknown watchlist: 400 naming the watchlist', async () => {
    const response = await postSubscribe({ ...valid, watchlist: 'nowhere' });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/choose a watchlist/);
  });

  it.skipIf(skip)('POST /subscribe with a level, cadence or language not in the lists: 400', async () => {
    for (const field of ['minLevel', 'cadence', 'language']) {
      const response = await postSubscribe({ ...valid, [field]: 'nonsense' });
      expect(response.status, field).toBe(400);
      expect(await response.text(), field).toMatch(/level, cadence and language/);
    }
  });

  it.skipIf(skip)('POST /subscribe without any field: 400 asking for the address', async () => {
    const response = await postSubscribe({});
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/valid email address/);
  });

  it.skipIf(skip)('POST /subscribe with a body over the limit: 413', async () => {
    const response = await postSubscribe({ ...valid, padding: 'x'.repeat(200_000) });
    expect(response.status).toBe(413);
  });

  it.skipIf(skip).each([['application/xml'], ['application/octet-stream']])('POST /subscribe as %s: 415', async (type) => {
    const response = await postSubscribe({}, { 'content-type': type }, JSON.stringify(valid));
    expect(response.status).toBe(415);
  });

  // A script posting JSON (or text) to a form meant for browsers subscribed anyone (it answered 200).
  it.skipIf(skip).each([['application/json'], ['text/plain']])('POST /subscribe as %s: 415', async (type) => {
    const response = await postSubscribe({}, { 'content-type': type }, JSON.stringify(valid));
    expect(response.status).toBe(415);
  });

  it.skipIf(skip)('GET /alerts with a level, a date and a place that are no such thing: 400, HTML naming each field', async () => {
    const response = await fetch(`${stack.baseUrl}/alerts?level=nonsense&from=notadate&place=abc`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    for (const field of ['level', 'from', 'place']) expect(html, field).toContain(field);
    expect(html).not.toMatch(/\n\s+at /);
  });

  it.skipIf(skip)('GET /api/alerts?after=garbage: 400 as {error, requestId} naming the value', async () => {
    const response = await fetch(`${stack.baseUrl}/api/alerts?after=garbage`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: string; requestId: string };
    expect(Object.keys(body).sort()).toEqual(['error', 'requestId']);
    expect(body.error).toContain('"garbage"');
    expect(body.requestId).toMatch(/\S/);
  });

  // It said "The page cursor" without the parameter's name.
  it.skipIf(skip)('GET /api/alerts?after=garbage names the parameter `after`', async () => {
    const body = (await (await fetch(`${stack.baseUrl}/api/alerts?after=garbage`)).json()) as { error: string };
    expect(body.error).toMatch(/\bafter\b/);
  });

  it.skipIf(skip).each([['/alerts/abc'], ['/alerts/-1'], ['/alerts/99999999999999999999'], ['/places/-1'], ['/places/abc'], ['/places/99999999999999999999']])('GET %s: 404 page, no stack', async (path) => {
    const response = await fetch(`${stack.baseUrl}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).not.toMatch(/\n\s+at |Prisma|invocation/);
  });

  it.skipIf(skip).each([['/api/alerts/abc'], ['/api/alerts/99999999999999999999'], ['/api/places/-1/alerts'], ['/api/places/abc/alerts']])('GET %s: 404 as {error, requestId}', async (path) => {
    const response = await fetch(`${stack.baseUrl}${path}`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: expect.any(String), requestId: expect.any(String) });
  });
});
