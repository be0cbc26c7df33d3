// A Vigil for the admin tests: like test/helpers/stack.ts, but its watchlist files are copies in
// the test's own folder (the admin writes them) and the admin token comes from the environment,
// as an operator would set it.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { openVigil, type Vigil } from '../../src/compose.js';
import { silentLogger } from '../../src/log.js';
import { REPO_CONFIG_DIR, writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFeedServer, startMailCatcher, type FeedServer, type MailCatcher } from '../helpers/servers.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface AdminStack {
  db: TestDatabase;
  feeds: FeedServer;
  mail: MailCatcher;
  vigil: Vigil;
  baseUrl: string;
  watchlistFile: string;
  configFile: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startAdminStack(feeds: { name: string; path: string; publisher: string }[], options: { token?: string | null } = {}): Promise<AdminStack> {
  const db = await createTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'embedded');
  const server = await startFeedServer({});
  const mail = await startMailCatcher({});
  const watchlistDir = join(db.dataDir, 'watchlists');
  cpSync(join(REPO_CONFIG_DIR, 'watchlists'), watchlistDir, { recursive: true });
  const configFile = writeTestConfig({
    dir: db.dataDir,
    smtpUrl: mail.url,
    feeds: feeds.map((f) => ({ name: f.name, url: server.url(f.path), publisher: f.publisher })),
    watchlists: [join(watchlistDir, '*.yaml')],
  });
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  const env: Record<string, string> = { ...(db.url ? { DATABASE_URL: db.url } : {}), ...(token ? { VIGIL_ADMIN_TOKEN: token } : {}) };
  const vigil = await openVigil({ configPath: configFile, env, log: silentLogger(), migrations: 'apply', catalog: 'sync' });
  const baseUrl = (await vigil.web.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  return {
    db,
    feeds: server,
    mail,
    vigil,
    baseUrl,
    watchlistFile: join(watchlistDir, 'central-mali.yaml'),
    configFile,
    env,
    close: async () => {
      await vigil.close();
      await Promise.all([server.close(), mail.close()]);
      await db.drop();
    },
  };
}

export const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

/** The CSRF token a page's forms carry. */
export const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

const cookiesOf = (set: string | string[] | undefined) => (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(';')[0]).join('; ');

/**
 * Logs in to the stack's admin over HTTP with the token, as a browser would: returns the
 * cookies (CSRF secret and session) and the CSRF token of the page at `path`.
 */
export async function loginAdmin(stack: AdminStack, path: string): Promise<{ cookie: string; csrf: string; page: string }> {
  const web = stack.vigil.web;
  const login = await web.inject({ method: 'GET', url: '/admin' });
  const loggedIn = await web.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { ...FORM_HEADERS, cookie: cookiesOf(login.headers['set-cookie']) },
    payload: new URLSearchParams({ token: ADMIN_TOKEN, _csrf: csrfIn(login.body) }).toString(),
  });
  const cookie = `${cookiesOf(login.headers['set-cookie'])}; ${cookiesOf(loggedIn.headers['set-cookie'])}`;
  const page = (await web.inject({ method: 'GET', url: path, headers: { cookie } })).body;
  return { cookie, csrf: csrfIn(page), page };
}
