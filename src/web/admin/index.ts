// The operator's pages under /admin, locked by the admin token (VIGIL_ADMIN_TOKEN or
// web.adminToken): a login form sets a signed session cookie (HttpOnly, SameSite=Strict, Secure
// when the site is https, 8 hours). Without a token the admin is off and says how to turn it
// on. Every form carries a CSRF token; logins are rate-limited per client address.
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { byClientAddress, checkCsrf, csrfToken, limitRequests, sameSecret } from '../safety.js';
import type { AdminContext, AdminDeps } from './context.js';
export type { AdminDeps } from './context.js';
import { registerOperationRoutes } from './operations.js';
import { isValidSession, mintSession, SESSION_COOKIE, SESSION_TTL_MS } from './session.js';
import { registerWatchlistRoutes } from './watchlists.js';

export const adminPages: FastifyPluginCallback<AdminDeps> = (app, deps, done) => {
  const html = (reply: FastifyReply, name: string, data: object, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(deps.page(`admin/${name}`, { csrf: csrfToken(reply), ...data }));
  const token = deps.token;
  if (!token) {
    // Off: every admin address says how to turn it on.
    app.all('/admin', async (_request, reply) => html(reply, 'off', { title: 'Admin is off' }, 404));
    app.all('/admin/*', async (_request, reply) => html(reply, 'off', { title: 'Admin is off' }, 404));
    return done();
  }
  const loggedIn = (request: FastifyRequest) => isValidSession(request.cookies[SESSION_COOKIE], token, deps.now());
  const cookieOptions = { path: '/admin', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies } as const;

  app.get('/admin', async (request, reply) => (loggedIn(request) ? html(reply, 'home', { title: 'Admin' }) : html(reply, 'login', { title: 'Admin login' })));

  app.post<{ Body: { token?: string } }>(
    '/admin/login',
    { preHandler: [limitRequests(app, 'admin-login', [{ max: deps.rateLimits.loginPerIp, windowMs: deps.rateLimits.windowMs, key: byClientAddress }]), checkCsrf(app)] },
    async (request, reply) => {
      if (!sameSecret(String(request.body?.token ?? ''), token)) {
        request.log.warn({ ip: request.ip }, 'admin login refused');
        return html(reply, 'login', { title: 'Admin login', problem: 'That token is not the admin token.' }, 401);
      }
      request.log.info({ ip: request.ip }, 'admin logged in');
      reply.setCookie(SESSION_COOKIE, mintSession(token, deps.now()), { ...cookieOptions, maxAge: SESSION_TTL_MS / 1000 });
      return reply.redirect('/admin', 303);
    },
  );

  app.register((scope, _options, registered) => {
    // Everything below needs a session: pages send the visitor to the login form.
    scope.addHook('preHandler', async (request, reply) => {
      if (loggedIn(request)) return;
      if (request.method === 'GET') return reply.redirect('/admin', 303);
      return html(reply, 'login', { title: 'Admin login', problem: 'Your session has ended: please log in again.' }, 401);
    });
    scope.post('/admin/logout', { preHandler: checkCsrf(app) }, async (_request, reply) => {
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.redirect('/admin', 303);
    });
    const ctx: AdminContext = { ...deps, html, csrfProtection: checkCsrf(app) };
    registerWatchlistRoutes(scope, ctx);
    registerOperationRoutes(scope, ctx);
    registered();
  });
  done();
};
