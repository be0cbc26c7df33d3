// The sender: claims due deliveries, renders each notice, sends it, and records the message id
// or the error with a retry time. If the mail server cannot be reached, it gives the rest of
// its batch back and stops (a brake), rather than failing every delivery in turn.
import { listEarlierAlerts, loadAlertDetail } from '../alerts/index.js';
import type { Db } from '../db/index.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import type { Templates } from '../templates.js';
import { renderNotice } from './render.js';
import type { SendMail } from './smtp.js';
import {
  cancelDelivery,
  claimDueDeliveries,
  loadRecipient,
  recordFailure,
  recordSent,
  releaseDeliveries,
  type ClaimedDelivery,
} from './store.js';

export interface SendDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  sendMail: SendMail;
  templates: Templates;
  baseUrl: string;
  /** A notice's recent history reaches back this many days (risk.historyDays). */
  historyDays: number;
}

/** What one round of sending did. */
export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
  cancelled: number;
  /** The mail server could not be reached; the remaining deliveries wait for the next round. */
  transportDown: boolean;
}

type Outcome = 'sent' | 'retrying' | 'failed' | 'cancelled' | 'transport-down';

const BATCH_SIZE = 20;
// Longer than any single send; a sender that dies mid-batch delays its rows by this much.
const LEASE_SECONDS = 300;
const MAX_ATTEMPTS = 8;

/** Sends every due delivery; returns counts by outcome. */
export async function sendDueDeliveries(deps: SendDeps): Promise<SendReport> {
  const report: SendReport = { sent: 0, retrying: 0, failed: 0, cancelled: 0, transportDown: false };
  for (;;) {
    const batch = await claimDueDeliveries(deps.db, BATCH_SIZE, LEASE_SECONDS);
    if (batch.length === 0) return report;
    for (const [i, delivery] of batch.entries()) {
      const outcome = await sendOne(deps, delivery);
      if (outcome === 'transport-down') {
        report.retrying += 1;
        report.transportDown = true;
        await releaseDeliveries(deps.db, batch.slice(i + 1).map((d) => d.id), retryTime(deps.now(), delivery.attempts));
        return report;
      }
      report[outcome] += 1;
    }
  }
}

async function sendOne(deps: SendDeps, delivery: ClaimedDelivery): Promise<Outcome> {
  const log = deps.log.child({ deliveryId: delivery.id, alertId: delivery.alertId, subscriberId: delivery.subscriberId });
  try {
    const recipient = await loadRecipient(deps.db, delivery);
    if (recipient.unsubscribedAt) {
      await cancelDelivery(deps.db, delivery.id, 'unsubscribed');
      return 'cancelled';
    }
    const alert = await loadAlertDetail(deps.db, delivery.alertId);
    if (!alert) throw new Error(`Alert ${delivery.alertId} is gone`);
    const history = await listEarlierAlerts(deps.db, alert, deps.historyDays);
    const unsubscribeUrl = `${deps.baseUrl}/unsubscribe/${recipient.unsubscribeToken}`;
    const notice = renderNotice(deps.templates, {
      alert,
      revision: delivery.revision,
      history,
      recipient: { email: recipient.subscriber.email, minLevel: recipient.minLevel },
      baseUrl: deps.baseUrl,
      unsubscribeUrl,
    });
    const host = new URL(deps.baseUrl).hostname;
    const { messageId } = await deps.sendMail({
      to: recipient.subscriber.email,
      ...notice,
      messageId: `<alert-${alert.id}.r${delivery.revision}.s${delivery.subscriberId}@${host}>`,
      list: { id: `${alert.watchlist.slug}.${host}`, name: `Vigil: ${alert.watchlist.name}`, unsubscribeUrl },
    });
    await recordSent(deps.db, delivery.id, messageId, deps.now());
    log.info({ messageId }, 'alert email sent');
    return 'sent';
  } catch (error) {
    return recordSendError(deps, delivery, error, log);
  }
}

async function recordSendError(deps: SendDeps, delivery: ClaimedDelivery, error: unknown, log: Logger): Promise<Outcome> {
  const kind = classifySendError(error);
  const attempts = delivery.attempts + 1;
  const giveUp = kind === 'permanent' || attempts >= MAX_ATTEMPTS;
  const retryAt = giveUp ? null : retryTime(deps.now(), delivery.attempts);
  await recordFailure(deps.db, delivery.id, messageOf(error), retryAt);
  log.warn({ error: messageOf(error), attempts, retryAt }, giveUp ? 'alert email failed; giving up' : 'alert email failed; will retry');
  if (kind === 'transport' && !giveUp) return 'transport-down';
  return giveUp ? 'failed' : 'retrying';
}

type SendErrorKind = 'permanent' | 'transport' | 'transient';

/** 5xx for this message: retrying cannot help. Connection failures: the server is away. */
function classifySendError(error: unknown): SendErrorKind {
  const e = error as { code?: string; responseCode?: number };
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) return 'permanent';
  if (e.responseCode === 421 || ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED'].includes(e.code ?? '')) return 'transport';
  return 'transient';
}

// 1, 2, 4 … minutes, at most six hours.
function retryTime(now: Date, attempts: number): Date {
  return new Date(now.getTime() + Math.min(60_000 * 2 ** attempts, 6 * 3_600_000));
}
