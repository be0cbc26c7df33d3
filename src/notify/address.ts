// Email addresses as Vigil keeps them: checked, trimmed and lower-cased, so one person is one
// subscriber however they typed it.
import { z } from 'zod';

const emailSchema = z.email();

export type ParsedAddress = { ok: true; email: string } | { ok: false; error: string };

export function parseEmailAddress(input: string): ParsedAddress {
  const email = input.trim().toLowerCase();
  // RFC 5321: at most 64 characters before the @ and 254 in all; no server delivers to more.
  const fits = email.length <= 254 && email.indexOf('@') <= 64;
  if (fits && emailSchema.safeParse(email).success) return { ok: true, email };
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  return { ok: false, error: `"${shown}" is not a valid email address (expected something like name@example.org)` };
}
