// The mail transport: SMTP through nodemailer when an SMTP URL is configured, otherwise each
// message is written as an .eml file under the outbox folder, so a machine with only Node
// still produces real, openable emails. SMTP is pooled (connections reused): the URL's query
// sets nodemailer's pool options, e.g. smtp://host:587/?maxConnections=5&rateLimit=20.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';

/** One email to one subscriber. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Derived from what the email stands for, so a retry is the same message. */
  messageId: string;
  /** The event's first notice, for a revision: mail readers thread the two. */
  inReplyTo?: string | undefined;
  /** List headers (RFC 2919, 2369, 8058); absent on a confirmation email. */
  list?: { id: string; name: string; unsubscribeUrl: string } | undefined;
}

/** Sends one email; resolves with the id the server (or the file) recorded. */
export type SendMail = (mail: OutgoingMail) => Promise<{ messageId: string }>;

export interface Mailer {
  send: SendMail;
  /** How many emails may be sent at once: the pool's connections (1 for files). */
  concurrency: number;
  /** "SMTP server host:port" or "outbox folder PATH", for the log. */
  describe: string;
  close(): void;
}

export interface MailerOptions {
  from: string;
  smtpUrl: string | null;
  outboxDir: string;
}

const DEFAULT_MAX_CONNECTIONS = 5;

export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) return smtpMailer(options.smtpUrl, options.from);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from: options.from });
  return {
    send: async (mail) => {
      const info = await transport.sendMail(toNodemailer(mail));
      writeFileAtomically(options.outboxDir, emlName(info.messageId), info.message as Buffer);
      return { messageId: info.messageId };
    },
    concurrency: 1,
    describe: `outbox folder ${options.outboxDir}`,
    close: () => transport.close(),
  };
}

function smtpMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  const pooled = url.searchParams.get('pool') !== 'false';
  const maxConnections = pooled ? Number(url.searchParams.get('maxConnections') ?? DEFAULT_MAX_CONNECTIONS) : 1;
  if (pooled && !url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (pooled && !url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(maxConnections));
  // The outbox retries on its own (pausing every sender): the pool must not hide an outage by
  // retrying a dropped connection itself.
  if (pooled && !url.searchParams.has('maxRequeues')) url.searchParams.set('maxRequeues', '0');
  const transport = nodemailer.createTransport(url.toString(), { from });
  return {
    send: async (mail) => ({ messageId: (await transport.sendMail(toNodemailer(mail))).messageId }),
    concurrency: maxConnections,
    describe: `SMTP server ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`,
    close: () => transport.close(),
  };
}

function toNodemailer(mail: OutgoingMail): SendMailOptions {
  return {
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: mail.messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
    // RFC 2919 List-Id and RFC 2369/8058 List-Unsubscribe with one-click POST.
    ...(mail.list
      ? {
          list: { id: { url: mail.list.id, comment: mail.list.name }, unsubscribe: { url: mail.list.unsubscribeUrl, comment: 'Unsubscribe' } },
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' },
        }
      : { headers: { 'Auto-Submitted': 'auto-generated' } }),
  };
}

// A temporary file renamed into place: a full disk or a crash never leaves a partial .eml that
// looks like a message.
function writeFileAtomically(dir: string, name: string, content: Buffer): void {
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `.${name}.${process.pid}.tmp`);
  writeFileSync(temporary, content);
  renameSync(temporary, join(dir, name));
}

// 2026-11-26T09-45-08Z_<message id>.eml: sorted by time, one file per message.
function emlName(messageId: string): string {
  const stamp = new Date().toISOString().replace(/\..*$/, 'Z').replace(/:/g, '-');
  return `${stamp}_${messageId.replace(/[<>]/g, '').replace(/[^\w.@-]/g, '_')}.eml`;
}
