// What an SMTP failure means for the outbox. Only a recipient the server refuses by name is that
// delivery's failure; everything else (no connection, a timeout, TLS, a login refused, a 4xx, a
// policy or quota 554 at DATA) says the transport cannot take mail now, whoever it is for. Pure.

/** recipient-rejected: that delivery fails for good; transport-down: pause, retry it unchanged. */
export const SEND_FAILURES = ['recipient-rejected', 'transport-down'] as const;
export type SendFailure = (typeof SEND_FAILURES)[number];

/** The fields of a nodemailer error this decision reads. */
export interface SmtpErrorFields {
  code?: string | undefined;
  responseCode?: number | undefined;
  command?: string | undefined;
  response?: string | undefined;
  message?: string | undefined;
}

// RFC 5321: 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed.
const RECIPIENT_REPLIES: ReadonlySet<number> = new Set([550, 551, 553]);

/** Classifies a failed send. */
export function classifySendError(error: unknown): SendFailure {
  const e = (error ?? {}) as SmtpErrorFields;
  const atRecipient = e.code === 'EENVELOPE' || /^RCPT\b/i.test(e.command ?? '');
  if (!atRecipient) return 'transport-down';
  if (e.responseCode === undefined) return e.code === 'EENVELOPE' ? 'recipient-rejected' : 'transport-down';
  return RECIPIENT_REPLIES.has(e.responseCode) ? 'recipient-rejected' : 'transport-down';
}

/** The server's reply as an operator reads it: "550 5.1.1 <a@b>: User unknown", else the message. */
export function describeSendError(error: unknown): string {
  const e = (error ?? {}) as SmtpErrorFields;
  const text = (e.response ?? e.message ?? String(error)).replace(/\s*\n\s*/g, ' ').trim();
  return e.code && !text.includes(e.code) ? `${e.code}: ${text}` : text;
}
