// Web: the HTTP face of Vigil (Fastify). Today: /healthz, the alert list as HTML (/alerts) and
// JSON (/api/alerts, the shapes of DESIGN.md), and the unsubscribe pages (GET shows a button,
// POST unsubscribes, as RFC 8058 one-click needs).
export { buildWebApp } from './server.js';
export type { WebApp, WebDeps } from './server.js';
