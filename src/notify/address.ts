// Email addresses as Vigil keeps them: checked, trimmed and lower-cased, so one person is one
// subscriber however they typed it.
import { z } from 'zod';

const emailSchema = z.email();

export type ParsedAddress = { ok: true; email: string } | { ok: false; error: string };

export function parseEmailAddress(input: string): ParsedAddress {
  const email = input.trim().toLowerCase();
  if (emailSchema.safeParse(email).success) return { ok: true, email };
  return { ok: false, error: `"${input}" is not a valid email address (expected something like name@example.org)` };
}
