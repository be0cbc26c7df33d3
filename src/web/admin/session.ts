// The admin's session: a cookie holding its expiry, a random nonce and an HMAC of both keyed by
// the admin token, so any replica can check it without storing sessions, a changed token ends
// every session, and a forged or stale cookie is refused. Compared in constant time.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'vigil_admin';
export const SESSION_TTL_MS = 8 * 60 * 60_000;

function mac(token: string, payload: string): Buffer {
  return createHmac('sha256', `vigil-admin-session:${token}`).update(payload).digest();
}

/** A new session's cookie value, valid until now + SESSION_TTL_MS. */
export function mintSession(token: string, now: Date): string {
  const payload = `${now.getTime() + SESSION_TTL_MS}.${randomBytes(16).toString('base64url')}`;
  return `${payload}.${mac(token, payload).toString('base64url')}`;
}

/** True when the cookie was minted with this token and has not expired. */
export function isValidSession(value: string | undefined, token: string, now: Date): boolean {
  const parts = (value ?? '').split('.');
  if (parts.length !== 3) return false;
  const [expires, nonce, signature] = parts as [string, string, string];
  const expected = mac(token, `${expires}.${nonce}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return Number(expires) > now.getTime();
}
