// The history's pages kept in memory: fifty readers of one page cost one render, and a page is
// never served after a change it does not show (a commit anywhere changes the database's
// snapshot), nor after its minute (the map and "last 30 days" are relative to now).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { loadTemplates } from '../../src/templates.js';
import { batchedReader } from '../../src/web/cache.js';
import { buildWebApp, type WebApp } from '../../src/web/index.js';
import { DATABASE_KINDS } from '../helpers/db.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { WEB_FEEDS, pollWebFeeds } from './fixtures.js';

describe('batchedReader', () => {
  it('gives a caller that arrives during a read the next read, shared with the others that wait', async () => {
    const reads: ((v: string) => void)[] = [];
    const read = batchedReader(() => new Promise<string>((resolve) => reads.push(resolve)));
    const first = read();
    const second = read();
    const third = read();
    expect(reads).toHaveLength(1);
    reads[0]?.('v1');
    await expect(first).resolves.toBe('v1');
    // The read under way may have begun before a commit these callers must see.
    await new Promise((r) => setTimeout(r, 0));
    expect(reads).toHaveLength(2);
    reads[1]?.('v2');
    await expect(second).resolves.toBe('v2');
    await expect(third).resolves.toBe('v2');
  });

  it('starts afresh after a failed read', async () => {
    let n = 0;
    const read = batchedReader(() => {
      n += 1;
      return n === 1 ? Promise.reject(new Error('database gone')) : Promise.resolve(`v${n}`);
    });
    await expect(read()).rejects.toThrow('database gone');
    await expect(read()).resolves.toBe('v2');
  });
});

describe.each(DATABASE_KINDS)('the page cache on the $kind database', ({ kind, skip }) => {
  let stack: Stack;
  let web: WebApp;
  let clock = new Date('2026-11-27T10:00:00Z');
  const get = async (path: string) => {
    const response = await web.inject(path);
    return { status: response.statusCode, hit: response.headers['x-vigil-cache'] === 'hit', body: response.body, headers: response.headers };
  };

  beforeAll(async () => {
    if (skip) return;
    stack = await startStack(kind, WEB_FEEDS, {});
    await pollWebFeeds(stack);
    web = buildWebApp({ db: stack.app.db.prisma, log: silentLogger(), templates: loadTemplates(TEMPLATES_DIR), templatesDir: TEMPLATES_DIR, now: () => clock });
  });

  afterAll(async () => {
    await web?.close();
    await stack?.close();
  });

  it.skipIf(skip)('serves a page again from memory while nothing changed, with its headers', async () => {
    const { id } = await stack.app.db.prisma.alert.findFirstOrThrow({ select: { id: true } });
    const first = await get(`/alerts/${id}`);
    const again = await get(`/alerts/${id}`);
    expect([first.hit, again.hit]).toEqual([false, true]);
    expect(again.body).toBe(first.body);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    const cap = await get(`/alerts/${id}.cap`);
    const capAgain = await web.inject({ url: `/alerts/${id}.cap`, headers: { 'if-none-match': String(cap.headers.etag) } });
    expect(capAgain.statusCode).toBe(304);
  });

  it.skipIf(skip)('renders anew after any commit, so a changed event never shows its old title', async () => {
    const { id, title } = await stack.app.db.prisma.alert.findFirstOrThrow({ select: { id: true, title: true } });
    await get(`/alerts/${id}`);
    expect((await get(`/alerts/${id}`)).hit).toBe(true);
    await stack.app.db.prisma.alert.update({ where: { id }, data: { title: `${title} (edited)` } });
    const after = await get(`/alerts/${id}`);
    expect(after.hit).toBe(false);
    expect(after.body).toContain('(edited)');
    const listed = await get('/api/alerts');
    expect(listed.body).toContain('(edited)');
  });

  it.skipIf(skip)('renders anew when the minute changes, and never keeps an error or a form', async () => {
    await get('/map');
    expect((await get('/map')).hit).toBe(true);
    clock = new Date(clock.getTime() + 60_000);
    expect((await get('/map')).hit).toBe(false);
    await get('/alerts/999999999');
    expect(await get('/alerts/999999999')).toMatchObject({ status: 404, hit: false });
    await get('/subscribe');
    expect((await get('/subscribe')).hit).toBe(false);
  });
});
