// The forms' safety over HTTP: CSRF tokens required (403 without, accepted with), the one-click
// unsubscribe exempt; rate limits per client address and per email address answering 429 with
// Retry-After; web.trustProxy deciding which address counts; secrets compared in constant time;
// the admin off without a token, a wrong token refused, the session cookie's flags, and no
// token in the request log.
import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { buildWebApp, type WebDeps } from '../../src/web/index.js';
import { isValidSession, mintSession, SESSION_TTL_MS } from '../../src/web/admin/session.js';
import { sameSecret } from '../../src/web/safety.js';
import { ADMIN_TOKEN, startAdminStack, type AdminStack } from './admin-stack.js';

type Reply = Awaited<ReturnType<ReturnType<typeof buildWebApp>['inject']>>;

/** The cookies a reply set, as a Cookie header. */
function cookiesOf(reply: Reply): string {
  const set = reply.headers['set-cookie'];
  return (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(';')[0]).join('; ');
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('constant-time secrets and admin sessions', () => {
  it('compares secrets of any length without leaking where they differ', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abd', 'abc')).toBe(false);
    expect(sameSecret('a much longer guess', 'abc')).toBe(false);
    expect(sameSecret('', '')).toBe(false);
  });

  it('accepts a session cookie minted with the token until it expires, and nothing forged', () => {
    const now = new Date('2026-11-26T10:00:00Z');
    const cookie = mintSession(ADMIN_TOKEN, now);
    expect(isValidSession(cookie, ADMIN_TOKEN, now)).toBe(true);
    expect(isValidSession(cookie, ADMIN_TOKEN, new Date(now.getTime() + SESSION_TTL_MS + 1))).toBe(false);
    expect(isValidSession(cookie, 'another-token-0123456789', now)).toBe(false);
    const [expires, nonce, mac] = cookie.split('.');
    expect(isValidSession(`${Number(expires) + 1}.${nonce}.${mac}`, ADMIN_TOKEN, now)).toBe(false);
    expect(isValidSession(undefined, ADMIN_TOKEN, now)).toBe(false);
  });
});

describe('the forms over HTTP', () => {
  let stack: AdminStack;
  const apps: ReturnType<typeof buildWebApp>[] = [];
  const logLines: string[] = [];
  const build = (options: Partial<WebDeps> = {}) => {
    const { app } = stack.vigil;
    const log = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => (logLines.push(chunk.toString()), done()) }));
    const admin = { token: ADMIN_TOKEN, loadConfig: () => loadConfig({ path: stack.configFile, env: stack.env }), reload: async () => {} };
    const web = buildWebApp({ db: app.db.prisma, log, templates: app.templates, templatesDir: TEMPLATES_DIR, now: () => new Date(), admin, ...options });
    apps.push(web);
    return web;
  };

  beforeAll(async () => {
    stack = await startAdminStack([]);
  });

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await stack?.close();
  });

  it('refuses a subscription without the form CSRF token (403, a page saying why) and takes it with one', async () => {
    const web = build();
    const refused = await web.inject({ method: 'POST', url: '/subscribe', headers: FORM, payload: form({ email: 'reader@ngo.example' }) });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This form has expired or was not sent from this site');

    const page = await web.inject({ method: 'GET', url: '/subscribe' });
    const cookie = cookiesOf(page);
    expect(page.headers['set-cookie']).toMatch(/_csrf=.*HttpOnly.*SameSite=Strict/);
    const token = csrfIn(page.body);
    // A token without its cookie, or a cookie with another token, is no better.
    expect((await web.inject({ method: 'POST', url: '/subscribe', headers: FORM, payload: form({ email: 'reader@ngo.example', _csrf: token }) })).statusCode).toBe(403);
    expect((await web.inject({ method: 'POST', url: '/subscribe', headers: { ...FORM, cookie }, payload: form({ email: 'reader@ngo.example', _csrf: `${token}x` }) })).statusCode).toBe(403);
    const accepted = await web.inject({ method: 'POST', url: '/subscribe', headers: { ...FORM, cookie }, payload: form({ email: 'reader@ngo.example', _csrf: token }) });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toContain('Check your inbox');
  });

  it('needs the token on preferences, but not on the one-click unsubscribe a mail client posts', async () => {
    const web = build();
    expect((await web.inject({ method: 'POST', url: '/preferences/some-link-token', headers: FORM, payload: form({ minLevel: 'current-crisis' }) })).statusCode).toBe(403);
    expect((await web.inject({ method: 'POST', url: '/confirm/some-link-token', headers: FORM, payload: '' })).statusCode).toBe(403);
    // An unknown link: 404, not 403 (the CSRF check is not in the way).
    expect((await web.inject({ method: 'POST', url: '/unsubscribe/some-link-token', headers: FORM, payload: form({ 'List-Unsubscribe': 'One-Click' }) })).statusCode).toBe(404);
  });

  it('answers 429 with Retry-After after N subscriptions from one address, with a page for browsers and JSON-free text', async () => {
    const web = build({ rateLimits: { subscribePerIp: 3, subscribePerAddress: 100 } });
    const page = await web.inject({ method: 'GET', url: '/subscribe' });
    const headers = { ...FORM, cookie: cookiesOf(page) };
    const send = (email: string) => web.inject({ method: 'POST', url: '/subscribe', headers, payload: form({ email, _csrf: csrfIn(page.body) }) });
    for (let i = 0; i < 3; i++) expect((await send(`reader${i}@ngo.example`)).statusCode).toBe(200);
    const limited = await send('reader9@ngo.example');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toContain('text/html');
    expect(limited.body).toContain('Too many requests. Please wait');
  });

  it('limits subscriptions naming one email address from many client addresses, whether or not it is subscribed', async () => {
    const web = build({ rateLimits: { subscribePerIp: 100, subscribePerAddress: 2 } });
    const page = await web.inject({ method: 'GET', url: '/subscribe' });
    const send = (email: string, ip: string) =>
      web.inject({ method: 'POST', url: '/subscribe', remoteAddress: ip, headers: { ...FORM, cookie: cookiesOf(page) }, payload: form({ email, _csrf: csrfIn(page.body) }) });
    expect((await send('target@ngo.example', '10.0.0.1')).statusCode).toBe(200);
    expect((await send('Target@NGO.example', '10.0.0.2')).statusCode).toBe(200);
    expect((await send('target@ngo.example', '10.0.0.3')).statusCode).toBe(429);
    expect((await send('other@ngo.example', '10.0.0.3')).statusCode).toBe(200);
  });

  it('counts X-Forwarded-For clients apart only when web.trustProxy names the proxy', async () => {
    const limits = { subscribePerIp: 1, subscribePerAddress: 100 };
    const twoClients = async (web: ReturnType<typeof buildWebApp>) => {
      const page = await web.inject({ method: 'GET', url: '/subscribe' });
      const statuses: number[] = [];
      for (const client of ['203.0.113.7', '203.0.113.8']) {
        const headers = { ...FORM, cookie: cookiesOf(page), 'x-forwarded-for': client };
        statuses.push((await web.inject({ method: 'POST', url: '/subscribe', remoteAddress: '127.0.0.1', headers, payload: form({ email: `${client}@ngo.example`, _csrf: csrfIn(page.body) }) })).statusCode);
      }
      return statuses;
    };
    expect(await twoClients(build({ rateLimits: limits }))).toEqual([200, 429]);
    expect(await twoClients(build({ rateLimits: limits, trustProxy: ['127.0.0.1'] }))).toEqual([200, 200]);
    // Trusted from another proxy only: this one's header is ignored.
    expect(await twoClients(build({ rateLimits: limits, trustProxy: ['10.9.9.9'] }))).toEqual([200, 429]);
  });

  it('reads web.trustProxy and the admin token from the config and the environment, refusing a short token', () => {
    const withWeb = stack.configFile.replace(/vigil\.yaml$/, 'vigil-web.yaml');
    writeFileSync(withWeb, readFileSync(stack.configFile, 'utf8').replace(/^web:\n/m, 'web:\n  trustProxy: [10.0.0.1, 192.168.0.0/16]\n  adminToken: from-the-config-file-0123\n'));
    expect(loadConfig({ path: withWeb }).web).toMatchObject({ trustProxy: ['10.0.0.1', '192.168.0.0/16'], adminToken: 'from-the-config-file-0123' });
    expect(loadConfig({ path: withWeb, env: { VIGIL_ADMIN_TOKEN: ADMIN_TOKEN } }).web.adminToken).toBe(ADMIN_TOKEN);
    expect(loadConfig({ path: stack.configFile }).web).toMatchObject({ trustProxy: false, adminToken: null });
    expect(() => loadConfig({ path: stack.configFile, env: { VIGIL_ADMIN_TOKEN: 'short' } })).toThrow(/VIGIL_ADMIN_TOKEN: must be at least 16 characters/);
  });

  it('keeps the admin off without a token, saying how to turn it on', async () => {
    const web = build({ admin: { token: null, loadConfig: () => loadConfig({ path: stack.configFile }), reload: async () => {} } });
    for (const url of ['/admin', '/admin/watchlists']) {
      const reply = await web.inject({ method: 'GET', url });
      expect(reply.statusCode).toBe(404);
      expect(reply.body).toContain('VIGIL_ADMIN_TOKEN');
    }
    expect((await web.inject({ method: 'POST', url: '/admin/login', headers: FORM, payload: form({ token: ADMIN_TOKEN }) })).statusCode).toBe(404);
  });

  it('refuses a wrong token, logs in with the right one under a strict HttpOnly cookie, and never logs the token', async () => {
    logLines.length = 0;
    const web = build();
    expect((await web.inject({ method: 'GET', url: '/admin/watchlists' })).headers.location).toBe('/admin');
    const page = await web.inject({ method: 'GET', url: '/admin' });
    const headers = { ...FORM, cookie: cookiesOf(page) };
    const csrf = csrfIn(page.body);
    expect((await web.inject({ method: 'POST', url: '/admin/login', headers: FORM, payload: form({ token: ADMIN_TOKEN }) })).statusCode).toBe(403);
    const wrong = await web.inject({ method: 'POST', url: '/admin/login', headers, payload: form({ token: 'not-the-token-at-all', _csrf: csrf }) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie'] ?? '').not.toContain('vigil_admin');

    const right = await web.inject({ method: 'POST', url: '/admin/login', headers, payload: form({ token: ADMIN_TOKEN, _csrf: csrf }) });
    expect(right.statusCode).toBe(303);
    const session = String(right.headers['set-cookie']);
    expect(session).toMatch(/^vigil_admin=[^;]+; Max-Age=28800; Path=\/admin; HttpOnly; SameSite=Strict$/);
    const watchlists = await web.inject({ method: 'GET', url: '/admin/watchlists', headers: { cookie: `${cookiesOf(page)}; ${session.split(';')[0]}` } });
    expect(watchlists.statusCode).toBe(200);
    expect(watchlists.body).toContain('Ogossagou');
    expect(logLines.join('')).not.toContain(ADMIN_TOKEN);
    expect(logLines.join('')).toContain('admin login refused');
  });

  it('marks the cookies Secure when the site is https, and rate-limits logins per address', async () => {
    const web = build({ baseUrl: 'https://vigil.example.org', rateLimits: { loginPerIp: 2 } });
    const page = await web.inject({ method: 'GET', url: '/admin' });
    expect(page.headers['set-cookie']).toMatch(/_csrf=.*; Secure/);
    const attempt = () => web.inject({ method: 'POST', url: '/admin/login', headers: { ...FORM, cookie: cookiesOf(page) }, payload: form({ token: 'guess-guess-guess-guess', _csrf: csrfIn(page.body) }) });
    expect((await attempt()).statusCode).toBe(401);
    expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    const right = await web.inject({ method: 'POST', url: '/admin/login', remoteAddress: '10.1.1.1', headers: { ...FORM, cookie: cookiesOf(page) }, payload: form({ token: ADMIN_TOKEN, _csrf: csrfIn(page.body) }) });
    expect(String(right.headers['set-cookie'])).toContain('; Secure');
  });
});
