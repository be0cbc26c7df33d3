// What a webhook's answer means for its delivery, and when a retry is due. One partner's
// endpoint failing is that delivery's business, never the mail transport's: retries count
// attempts, growing apart, up to a limit. Pure.

/** What the POST gave: an HTTP answer, or no answer at all (refused, timeout, TLS, DNS). */
export interface WebhookAnswer {
  status: number | null;
  /** The first characters of the body, or the connection error. */
  excerpt: string;
  /** From Retry-After on a 429 or 503, resolved against the send's clock; else null. */
  retryAfter: Date | null;
}

export type WebhookOutcome = { kind: 'sent' } | { kind: 'failed'; reason: string } | { kind: 'retry'; reason: string; at: Date };

/** Attempts before a webhook delivery fails for good: 30 s doubling to 1 h apart, about 9 hours in all. */
export const WEBHOOK_MAX_ATTEMPTS = 14;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3_600_000;

/** The wait after the `attempts`th failed attempt: 30 s, 1 min, 2 min … at most an hour. */
export function webhookRetryMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/** 2xx sent; other 4xx (not 408/429) failed for good; anything else retried until the limit. */
export function webhookOutcome(answer: WebhookAnswer, attempts: number, now: Date): WebhookOutcome {
  const { status } = answer;
  if (status !== null && status >= 200 && status < 300) return { kind: 'sent' };
  const reason = describeAnswer(answer);
  if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429) return { kind: 'failed', reason };
  if (attempts >= WEBHOOK_MAX_ATTEMPTS) return { kind: 'failed', reason: `${reason} (gave up after ${attempts} attempts)` };
  const backoff = now.getTime() + webhookRetryMs(attempts);
  // A Retry-After further away is honoured, up to the longest wait.
  const asked = answer.retryAfter ? Math.min(answer.retryAfter.getTime(), now.getTime() + LONGEST_RETRY_MS) : 0;
  return { kind: 'retry', reason, at: new Date(Math.max(backoff, asked)) };
}

/** "HTTP 410: endpoint removed", or the connection error, as operators read it. */
export function describeAnswer(answer: WebhookAnswer): string {
  const excerpt = answer.excerpt.replace(/\s+/g, ' ').trim();
  if (answer.status === null) return excerpt || 'no answer';
  return excerpt ? `HTTP ${answer.status}: ${excerpt}` : `HTTP ${answer.status}`;
}

/** Retry-After as seconds or an HTTP date, against `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): Date | null {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return new Date(now.getTime() + Number(text) * 1000);
  const date = /^[A-Za-z]{3}/.test(text) ? new Date(text) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}
