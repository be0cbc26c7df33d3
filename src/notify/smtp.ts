// The mail transport: SMTP through nodemailer when an SMTP URL is configured, otherwise each
// message is written as an .eml file under the outbox folder, so a machine with only Node
// still produces real, openable emails.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';

/** One email to one subscriber. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Derived from (alert, revision, recipient), so a retry is the same message. */
  messageId: string;
  list: { id: string; name: string; unsubscribeUrl: string };
}

/** Sends one email; resolves with the id the server (or the file) recorded. */
export type SendMail = (mail: OutgoingMail) => Promise<{ messageId: string }>;

export interface Mailer {
  send: SendMail;
  /** "SMTP server host:port" or "outbox folder PATH", for the log. */
  describe: string;
  close(): void;
}

export interface MailerOptions {
  from: string;
  smtpUrl: string | null;
  outboxDir: string;
}

export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl, { from: options.from });
    const url = new URL(options.smtpUrl);
    return {
      send: async (mail) => ({ messageId: (await transport.sendMail(toNodemailer(mail))).messageId }),
      describe: `SMTP server ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`,
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, { from: options.from });
  return {
    send: async (mail) => {
      const info = await transport.sendMail(toNodemailer(mail));
      mkdirSync(options.outboxDir, { recursive: true });
      writeFileSync(join(options.outboxDir, emlName(info.messageId)), info.message as Buffer);
      return { messageId: info.messageId };
    },
    describe: `outbox folder ${options.outboxDir}`,
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
    // RFC 2919 List-Id and RFC 2369/8058 List-Unsubscribe with one-click POST.
    list: { id: { url: mail.list.id, comment: mail.list.name }, unsubscribe: { url: mail.list.unsubscribeUrl, comment: 'Unsubscribe' } },
    headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' },
  };
}

// 2026-11-26T09-45-08Z_<message id>.eml: sorted by time, one file per message.
function emlName(messageId: string): string {
  const stamp = new Date().toISOString().replace(/\..*$/, 'Z').replace(/:/g, '-');
  return `${stamp}_${messageId.replace(/[<>]/g, '').replace(/[^\w.@-]/g, '_')}.eml`;
}
