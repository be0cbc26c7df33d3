// What keeps the forms safe: CSRF tokens (a secret in an HttpOnly cookie, a token derived from it
// in each form, @fastify/csrf-protection), rate limits per client address and per email address
// (@fastify/rate-limit, answering 429 with Retry-After), and secrets compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebServer } from './context.js';

/** How many requests a client may make in a window, per route group. */
export interface RateLimits {
  /** POST /subscribe from one client address. */
  subscribePerIp: number;
  /** POST /subscribe naming one email address, from anywhere. */
  subscribePerAddress: number;
  /** POST /confirm/… from one client address. */
  confirmPerIp: number;
  /** POST /admin/login from one client address. */
  loginPerIp: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  subscribePerIp: 20,
  subscribePerAddress: 5,
  confirmPerIp: 20,
  loginPerIp: 10,
  windowMs: 15 * 60_000,
};

/** The form field carrying the CSRF token. */
export const CSRF_FIELD = '_csrf';

/**
 * True when two secrets are equal, in a time that does not depend on where they differ: both are
 * hashed first, so the comparison is of equal-length digests whatever was typed.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

/** Registers the cookie, CSRF and rate-limit plugins (routes opt in to each). */
export function registerSafety(app: WebServer, options: { secureCookies: boolean }) {
  app.register(cookie);
  app.register(csrf, {
    // Only the form field: a token in a header would let other sites' scripts probe for it.
    getToken: (request: FastifyRequest) => (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] as string | undefined,
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: options.secureCookies },
  });
  // Counted per process: replicas each keep their own counts (a limit per replica, not shared).
  app.register(rateLimit, { global: false });
}

/** The CSRF token for a form rendered in this reply (sets the secret cookie on first use). */
export function csrfToken(reply: FastifyReply): string {
  return reply.generateCsrf();
}

/** A preHandler refusing (403) a POST whose form lacks the CSRF token of its cookie's secret. */
export function checkCsrf(app: Pick<FastifyInstance, 'csrfProtection'>): FastifyInstance['csrfProtection'] {
  return (request, reply, done) => app.csrfProtection(request, reply, done);
}

/** One rate limit: at most `max` requests per window for each key (a client address, an email address). */
export interface Limit {
  max: number;
  windowMs: number;
  key: (request: FastifyRequest) => string;
}

/** The client address (request.ip: the proxy's X-Forwarded-For only with web.trustProxy). */
export const byClientAddress = (request: FastifyRequest) => `ip:${request.ip}`;

/** The email address a form names, whoever sends it. */
export const byEmailAddress = (request: FastifyRequest) => {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return `address:${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
};

/**
 * A preHandler counting the request against every limit (the plugin's own hook runs once per
 * request, so two limits on one route are checked here), refusing it with 429 and Retry-After
 * when any is exceeded.
 */
export function limitRequests(app: Pick<FastifyInstance, 'createRateLimit'>, group: string, limits: Limit[]) {
  const checks = limits.map((limit) => app.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, keyGenerator: (request) => `${group}:${limit.key(request)}` }));
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const results = await Promise.all(checks.map((check) => check(request)));
    const exceeded = results.filter((r) => !r.isAllowed && r.isExceeded);
    if (exceeded.length === 0) return;
    const seconds = Math.max(...exceeded.map((r) => (r.isAllowed ? 0 : r.ttlInSeconds)));
    reply.header('retry-after', String(seconds));
    throw tooMany(seconds);
  };
}

// Answered by the error handler: a page for browsers, JSON under /api/.
function tooMany(seconds: number) {
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  const error = new Error(`Too many requests. Please wait ${wait} and try again.`) as Error & { statusCode: number; code: string };
  error.statusCode = 429;
  error.code = 'VIGIL_RATE_LIMITED';
  return error;
}
