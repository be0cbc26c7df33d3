// Message-IDs: one per install and per (event, revision, subscriber) or per digest, in the sender's domain, so
// a retry is the same message and two installs never collide; revisions thread to the event's
// first notice. Pure.

/** The domain of `Name <a@domain>` (mail.from), else the host of web.baseUrl. */
export function mailDomain(from: string, baseUrl: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1];
  return (domain ?? new URL(baseUrl).hostname).toLowerCase();
}

/** What a Message-ID stands for. */
export type MessageKey =
  | { kind: 'alert'; alertId: number; revision: number; subscriberId: number }
  | { kind: 'confirmation'; deliveryId: number }
  /** A digest or flood summary, named by its first delivery: one row is in one such email only. */
  | { kind: 'digest' | 'summary'; subscriptionId: number; deliveryId: number };

/** `<alert-12.r2.s7.INSTALL@domain>`, `<confirm-40.INSTALL@domain>`, `<digest-s3.d90.INSTALL@domain>`. */
export function buildMessageId(key: MessageKey, installId: string, domain: string): string {
  return `<${localPart(key)}.${installId}@${domain}>`;
}

function localPart(key: MessageKey): string {
  switch (key.kind) {
    case 'alert':
      return `alert-${key.alertId}.r${key.revision}.s${key.subscriberId}`;
    case 'confirmation':
      return `confirm-${key.deliveryId}`;
    default:
      return `${key.kind}-s${key.subscriptionId}.d${key.deliveryId}`;
  }
}
