// From a claimed delivery to the email it stands for: who it goes to, the notice or the
// confirmation rendered from templates/, fresh link tokens, a Message-ID that a retry repeats,
// and the thread of the event's first notice. A template that fails to render is a bug: it is
// thrown as NoticeRenderError, never stored as the delivery's failure.
import { listEarlierAlerts, loadAlertDetail, type AlertDetail } from '../alerts/index.js';
import type { Db } from '../db/index.js';
import type { Templates } from '../templates.js';
import { mintToken, mintTokens } from './links.js';
import { buildMessageId } from './message-id.js';
import { firstNoticeRevisions, type ClaimedDelivery, type NoticeKey } from './outbox.js';
import { renderConfirmation, renderNotice, type HistoryEntry } from './render.js';
import type { OutgoingMail } from './smtp.js';
import { loadRecipients, refusalOf, type Recipient } from './subscriptions.js';
import { CONFIRM_TOKEN_HOURS } from './tokens.js';

export interface ComposeDeps {
  db: Db;
  templates: Templates;
  baseUrl: string;
  historyDays: number;
  installId: string;
  domain: string;
  /** Events already loaded in this round, by id: a fan-out loads each once. */
  events: Map<number, Promise<{ alert: AlertDetail; history: HistoryEntry[] } | null>>;
}

/** The email, or why the delivery is to be cancelled instead. */
export type Composed = { mail: OutgoingMail } | { cancel: string };

/** A template failed: a bug in Vigil's templates, which stops the sender. */
export class NoticeRenderError extends Error {
  constructor(cause: unknown) {
    super(`An email template failed to render (a bug in templates/email): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'NoticeRenderError';
  }
}

/**
 * The emails of a sender's batch of claimed deliveries, in the order given: the recipients, the
 * manage links and the threads of the whole batch are read and written in one query each.
 */
export async function composeMails(deps: ComposeDeps, deliveries: readonly ClaimedDelivery[], now: Date): Promise<Composed[]> {
  const recipients = await loadRecipients(deps.db, deliveries.map((d) => d.subscriptionId));
  const recipientOf = (d: ClaimedDelivery): Recipient => {
    const recipient = recipients.get(d.subscriptionId);
    if (!recipient) throw new Error(`subscription ${d.subscriptionId} of delivery ${d.id} does not exist`);
    return recipient;
  };
  const results: (Composed | Notice)[] = [];
  for (const delivery of deliveries) {
    const recipient = recipientOf(delivery);
    results.push(delivery.kind === 'confirmation' ? await composeConfirmation(deps, delivery, recipient, now) : await checkNotice(deps, delivery, recipient));
  }
  const notices = results.filter((r): r is Notice => 'notice' in r);
  const [tokens, firsts] = await Promise.all([
    mintTokens(deps.db, notices.map((n) => n.recipient.id), 'manage', now),
    firstNoticeRevisions(deps.db, notices.map((n) => n.notice)),
  ]);
  let next = 0;
  return results.map((r) => {
    if (!('notice' in r)) return r;
    const i = next++;
    return renderNoticeMail(deps, r, tokens[i] ?? '', firsts[i] ?? null);
  });
}

// An alert delivery that is to go out, with what its email is made of.
interface Notice {
  notice: NoticeKey;
  recipient: Recipient;
  event: { alert: AlertDetail; history: HistoryEntry[] };
}

async function checkNotice(deps: ComposeDeps, delivery: ClaimedDelivery, recipient: Recipient): Promise<Composed | Notice> {
  const refusal = refusalOf(recipient);
  if (refusal) return { cancel: refusal };
  if (delivery.alertId === null || delivery.revision === null) return { cancel: 'no event' };
  const event = await loadEvent(deps, delivery.alertId);
  if (!event) return { cancel: 'event gone' };
  return { notice: { alertId: delivery.alertId, subscriberId: delivery.subscriberId, revision: delivery.revision }, recipient, event };
}

function renderNoticeMail(deps: ComposeDeps, { notice, recipient, event }: Notice, manageToken: string, first: number | null): Composed {
  const manageUrl = `${deps.baseUrl}/preferences/${manageToken}`;
  const unsubscribeUrl = `${deps.baseUrl}/unsubscribe/${manageToken}`;
  const rendered = render(() =>
    renderNotice(deps.templates, {
      ...event,
      revision: notice.revision,
      historyDays: deps.historyDays,
      recipient: { email: recipient.subscriber.email, minLevel: recipient.minLevel, language: recipient.language },
      baseUrl: deps.baseUrl,
      unsubscribeUrl,
      manageUrl,
    }),
  );
  const key = { kind: 'alert', alertId: notice.alertId, subscriberId: notice.subscriberId } as const;
  return {
    mail: {
      to: recipient.subscriber.email,
      ...rendered,
      messageId: buildMessageId({ ...key, revision: notice.revision }, deps.installId, deps.domain),
      inReplyTo: first === null ? undefined : buildMessageId({ ...key, revision: first }, deps.installId, deps.domain),
      list: { id: `${event.alert.watchlist.slug}.${deps.domain}`, name: `Vigil: ${event.alert.watchlist.name}`, unsubscribeUrl },
    },
  };
}

async function composeConfirmation(deps: ComposeDeps, delivery: ClaimedDelivery, recipient: Recipient, now: Date): Promise<Composed> {
  if (recipient.confirmedAt && !recipient.unsubscribedAt) return { cancel: 'already confirmed' };
  const confirmUrl = `${deps.baseUrl}/confirm/${await mintToken(deps.db, recipient.id, 'confirm', now)}`;
  const manageUrl = `${deps.baseUrl}/preferences/${await mintToken(deps.db, recipient.id, 'manage', now)}`;
  const rendered = render(() =>
    renderConfirmation(deps.templates, {
      email: recipient.subscriber.email,
      watchlist: recipient.watchlist.name,
      minLevel: recipient.minLevel,
      cadence: recipient.cadence,
      language: recipient.language,
      confirmUrl,
      manageUrl,
      hours: CONFIRM_TOKEN_HOURS,
    }),
  );
  return {
    mail: {
      to: recipient.subscriber.email,
      ...rendered,
      messageId: buildMessageId({ kind: 'confirmation', deliveryId: delivery.id }, deps.installId, deps.domain),
    },
  };
}

function loadEvent(deps: ComposeDeps, alertId: number): Promise<{ alert: AlertDetail; history: HistoryEntry[] } | null> {
  let loading = deps.events.get(alertId);
  if (!loading) {
    loading = (async () => {
      const alert = await loadAlertDetail(deps.db, alertId);
      return alert ? { alert, history: await listEarlierAlerts(deps.db, alert, deps.historyDays) } : null;
    })();
    deps.events.set(alertId, loading);
    // A failed load is not kept: the next delivery of the event tries again.
    loading.catch(() => deps.events.delete(alertId));
  }
  return loading;
}

function render<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new NoticeRenderError(error);
  }
}
