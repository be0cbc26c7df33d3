// Link tokens: 192 random bits, URL-safe, shown once in an email and stored only as their
// sha256, so neither the database nor a backup of it can be used to unsubscribe anyone.
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PURPOSES = ['manage', 'confirm'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** A confirmation link works this long after its email was sent. */
export const CONFIRM_TOKEN_HOURS = 48;

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a string can be a token at all (base64url, 20–64 characters): anything else is not looked up. */
export function isTokenShaped(value: string): boolean {
  return /^[\w-]{20,64}$/.test(value);
}
