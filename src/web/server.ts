// The web app: the alert history and its open formats (Atom, CAP, CSV, JSON), place pages and
// the map, a health endpoint (database, feeds, mail), and the subscriber's pages (subscribe,
// confirm, preferences, unsubscribe). Built without listening, so tests can start it on any
// port; server-rendered, no script, strict Content-Security-Policy; CSRF tokens on every form
// and rate limits on subscribing, confirming and logging in (safety.ts); the operator's pages
// under /admin when an admin token is set. Each group of routes lives in its own file; this one
// only registers them.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import Fastify, { LogController } from 'fastify';
import type { Db } from '../db/index.js';
import { errorFields } from '../errors.js';
import { feedHealth } from '../feeds/index.js';
import type { Logger } from '../log.js';
import { readTransportState, type TransportState } from '../notify/index.js';
import type { Templates } from '../templates.js';
import { adminPages, type AdminDeps } from './admin/index.js';
import { DEFAULT_RATE_LIMITS, registerSafety, type RateLimits } from './safety.js';
import { redactLinkTokens, subscriptionPages } from './subscriptions.js';
import { DEFAULT_PAGE_CACHE, registerPageCache, type PageCacheOptions } from './cache.js';
import { createLimitedServer, DEFAULT_LIMITS, type ConnectionLimits } from './connections.js';
import type { WebContext } from './context.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerApiRoutes } from './routes/api.js';
import { registerAtomRoutes } from './routes/atom.js';
import { registerCapRoutes } from './routes/cap.js';
import { registerCsvRoutes } from './routes/csv.js';
import { registerErrorHandlers } from './routes/errors.js';
import { createMetrics, registerMetricsRoutes, type Metrics } from './routes/metrics.js';
import { registerPlaceRoutes } from './routes/places.js';

export interface WebDeps {
  db: Db;
  log: Logger;
  templates: Templates;
  templatesDir: string;
  now: () => Date;
  /** Links in feeds and exports start with this (web.baseUrl); default http://localhost:8080. */
  baseUrl?: string;
  /** Days of the area's history an event page shows (risk.historyDays); default 90. */
  historyDays?: number;
  /** Trust X-Forwarded-* headers: true, or from these proxy addresses only (web.trustProxy); default false. */
  trustProxy?: boolean | readonly string[];
  limits?: Partial<ConnectionLimits>;
  /** Rendered history pages kept in memory while the data is unchanged; false: none. */
  pageCache?: PageCacheOptions | false;
  /** The process's metrics, which the poller also reports to; default: the web app's own. */
  metrics?: Metrics;
  rateLimits?: Partial<RateLimits>;
  /** The admin pages' token and config access; absent or token null: /admin is off. */
  admin?: Pick<AdminDeps, 'token' | 'loadConfig' | 'reload'>;
}

/** No form or API takes more than a few fields. */
const BODY_LIMIT_BYTES = 64 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // For browsers older than CSP's frame-ancestors.
  'x-frame-options': 'DENY',
} as const;

/** The web app, routes registered, not yet listening. */
export function buildWebApp(deps: WebDeps) {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const app = Fastify({
    // Link tokens are cut out of every logged URL: a request log must not unsubscribe anyone.
    loggerInstance: deps.log.child({ stage: 'web' }, { serializers: { req: requestForLog } }),
    // Requests are logged, except health probes, scrapes and the stylesheet, which would drown the rest.
    logController: new LogController({ disableRequestLogging: (request) => request.url === '/healthz' || request.url === '/metrics' || request.url.startsWith('/static/') }),
    trustProxy: trustProxyOption(deps.trustProxy),
    serverFactory: (handler) => createLimitedServer(limits, handler),
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    bodyLimit: BODY_LIMIT_BYTES,
    // Unique across replicas, so an id a user quotes from an error page finds one log line.
    genReqId: () => randomUUID(),
  });
  const ctx: WebContext = { db: deps.db, log: deps.log, templates: deps.templates, now: deps.now, baseUrl: (deps.baseUrl ?? 'http://localhost:8080').replace(/\/+$/, ''), historyDays: deps.historyDays ?? 90 };
  const css = readFileSync(join(deps.templatesDir, 'web', 'style.css'), 'utf8');
  const secureCookies = ctx.baseUrl.startsWith('https:');
  const rateLimits = { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits };
  // Every form is posted by a browser (or a mail client's one-click): JSON or text bodies are
  // no form of Vigil's, and answer 415 rather than being read as one.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.register(formbody);
  registerSafety(app, { secureCookies });
  // RFC 8058 allows mail providers to post the one-click body as multipart; only the URL matters.
  app.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, {}));
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  if (deps.pageCache !== false) registerPageCache(app, deps.db, deps.now, deps.pageCache ?? DEFAULT_PAGE_CACHE);
  const page = (name: string, data: object) => deps.templates.render(`web/${name}`, data);

  app.get('/', async (_request, reply) => reply.redirect('/alerts'));
  app.get('/static/style.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(css));

  app.get('/healthz', async (_request, reply) => {
    try {
      // 200 while the database answers: a monitor that lost most feeds, or whose mail server
      // refuses mail, is degraded (the container's health check fails), not down.
      const feeds = await feedHealth(deps.db);
      const mail = mailHealth(await readTransportState(deps.db), deps.now());
      const problems = [
        ...(feeds.status === 'degraded' ? [`${feeds.failing} of ${feeds.enabled} feeds failing`] : []),
        ...(mail.status === 'paused' ? [`sending paused: ${mail.reason}`] : []),
      ];
      return { status: problems.length > 0 ? 'degraded' : 'ok', ...(problems.length > 0 ? { problems } : {}), database: 'ok', feeds, mail };
    } catch (error) {
      deps.log.warn(errorFields(error), 'health check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });

  registerErrorHandlers(app, ctx);
  registerAlertRoutes(app, ctx);
  registerPlaceRoutes(app, ctx);
  registerAtomRoutes(app, ctx);
  registerCapRoutes(app, ctx);
  registerCsvRoutes(app, ctx);
  registerApiRoutes(app, ctx);
  registerMetricsRoutes(app, ctx, deps.metrics ?? createMetrics(deps.db));

  app.register(subscriptionPages, { db: deps.db, now: deps.now, page, rateLimits });
  const admin = deps.admin ?? { token: null, loadConfig: () => { throw new Error('no config'); }, reload: async () => {} };
  app.register(adminPages, { ...admin, db: deps.db, now: deps.now, page, secureCookies, rateLimits });

  return app;
}

// Fastify takes a list of proxies as one comma-separated string or an array; an empty list is false.
function trustProxyOption(value: boolean | readonly string[] | undefined): boolean | string[] {
  if (typeof value === 'boolean' || value === undefined) return value === true;
  return value.length > 0 ? [...value] : false;
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
