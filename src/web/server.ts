// The web app: for now a health endpoint, the list of alerts (HTML and JSON) and the
// unsubscribe pages every email links to. Built without listening, so tests can start it on
// any port; server-rendered, no script, strict Content-Security-Policy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import Fastify, { LogController } from 'fastify';
import { listAlerts } from '../alerts/index.js';
import type { Db } from '../db/index.js';
import { errorFields } from '../errors.js';
import { feedHealth, listFeeds } from '../feeds/index.js';
import type { Logger } from '../log.js';
import { findSubscriptionByToken, unsubscribe } from '../notify/index.js';
import { LEVEL_INFO, isLevel } from '../risk/index.js';
import type { Templates } from '../templates.js';

export interface WebDeps {
  db: Db;
  log: Logger;
  templates: Templates;
  templatesDir: string;
  now: () => Date;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** The web app, routes registered, not yet listening. */
export function buildWebApp(deps: WebDeps) {
  const app = Fastify({
    loggerInstance: deps.log.child({ stage: 'web' }),
    // Requests are logged, except health probes and the stylesheet, which would drown the rest.
    logController: new LogController({ disableRequestLogging: (request) => request.url === '/healthz' || request.url.startsWith('/static/') }),
    trustProxy: true,
  });
  const css = readFileSync(join(deps.templatesDir, 'web', 'style.css'), 'utf8');
  app.register(formbody);
  // RFC 8058 allows mail providers to post the one-click body as multipart; only the URL matters.
  app.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, {}));
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  const page = (name: string, data: object) => deps.templates.render(`web/${name}`, data);

  app.get('/', async (_request, reply) => reply.redirect('/alerts'));
  app.get('/static/style.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(css));

  app.get('/healthz', async (_request, reply) => {
    try {
      // 200 while the database answers: a monitor that lost some feeds is degraded, not down.
      const { status, ...feeds } = await feedHealth(deps.db);
      return { status, database: 'ok', feeds };
    } catch (error) {
      deps.log.warn(errorFields(error), 'health check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });

  app.get('/api/alerts', async () => listAlerts(deps.db, { limit: 100 }));
  app.get('/api/feeds', async () => listFeeds(deps.db));

  app.get('/alerts', async (_request, reply) => {
    const alerts = (await listAlerts(deps.db, { limit: 100 })).map((a) => ({
      ...a,
      levelLabel: LEVEL_INFO[isLevel(a.level) ? a.level : 'info'].label,
      // Sources that disagree show as a range (DESIGN.md, "Figures, the ACLED way").
      killedText: a.killed ? (a.killed.min === a.killed.max ? `${a.killed.min}` : `${a.killed.min}–${a.killed.max}`) : null,
      revised: a.revision > 1,
    }));
    return reply.type('text/html; charset=utf-8').send(page('alerts', { title: 'Alerts', alerts }));
  });

  app.get<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const subscription = await findSubscriptionByToken(deps.db, request.params.token);
    if (!subscription) return reply.code(404).type('text/html; charset=utf-8').send(page('link-not-found', { title: 'Link not valid' }));
    const view = { title: 'Unsubscribe', watchlist: subscription.watchlist.name, done: subscription.unsubscribedAt !== null };
    return reply.type('text/html; charset=utf-8').send(page('unsubscribe', view));
  });

  app.post<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const subscription = await findSubscriptionByToken(deps.db, request.params.token);
    if (!subscription) return reply.code(404).type('text/html; charset=utf-8').send(page('link-not-found', { title: 'Link not valid' }));
    if (!subscription.unsubscribedAt) await unsubscribe(deps.db, subscription.id, deps.now());
    request.log.info({ subscriptionId: subscription.id }, 'unsubscribed');
    return reply.type('text/html; charset=utf-8').send(page('unsubscribed', { title: 'Unsubscribed', watchlist: subscription.watchlist.name }));
  });

  return app;
}

/** The Fastify instance buildWebApp returns. */
export type WebApp = ReturnType<typeof buildWebApp>;
