// Web: the HTTP face of Vigil (Fastify). Today: /healthz, the alert list as HTML (/alerts) and
// JSON (/api/alerts, the shapes of DESIGN.md), and the unsubscribe pages (GET shows a button,
// POST unsubscribes, as RFC 8058 one-click needs). Built without listening; listenWebApp
// starts it and says plainly why it could not.
export { checkPortAvailable, listenWebApp } from './listen.js';
export { buildWebApp } from './server.js';
export { createMetrics } from './routes/metrics.js';
export type { Metrics } from './routes/metrics.js';
export type { WebApp, WebDeps } from './server.js';
