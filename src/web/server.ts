// The web app: for now a health endpoint (database, feeds, mail), the list of alerts (HTML and
// JSON) and the subscriber's pages (subscribe, confirm, preferences, unsubscribe). Built without
// listening, so tests can start it on any port; server-rendered, no script, strict CSP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import Fastify, { LogController } from 'fastify';
import { listAlerts } from '../alerts/index.js';
import type { Db } from '../db/index.js';
import { errorFields } from '../errors.js';
import { feedHealth, listFeeds } from '../feeds/index.js';
import type { Logger } from '../log.js';
import { readTransportState, type TransportState } from '../notify/index.js';
import { LEVEL_INFO, isLevel } from '../risk/index.js';
import type { Templates } from '../templates.js';
import { redactLinkTokens, subscriptionPages } from './subscriptions.js';

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
    // Link tokens are cut out of every logged URL: a request log must not unsubscribe anyone.
    loggerInstance: deps.log.child({ stage: 'web' }, { serializers: { req: requestForLog } }),
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
      return { status, database: 'ok', feeds, mail: mailHealth(await readTransportState(deps.db), deps.now()) };
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

  app.register(subscriptionPages, { db: deps.db, now: deps.now, page });

  return app;
}

/** The request fields a log line keeps. */
function requestForLog(request: { method: string; url: string; ip?: string }) {
  return { method: request.method, url: redactLinkTokens(request.url), remoteAddress: request.ip };
}

/** The senders' state: ok, or paused with why and since when (an outage loses nothing; it waits). */
function mailHealth(state: TransportState, now: Date) {
  if (state.status === 'ok') return { status: 'ok' };
  return { status: 'paused', reason: state.reason, since: state.since, failures: state.failures, retryAt: state.pausedUntil > now ? state.pausedUntil : now };
}

/** The Fastify instance buildWebApp returns. */
export type WebApp = ReturnType<typeof buildWebApp>;
