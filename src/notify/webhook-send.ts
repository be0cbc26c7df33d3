// One round of webhook sending, beside the mail sender and independent of it: workers claim one
// due webhook delivery at a time (the same outbox, claim, lease and fencing as emails), POST the
// event as signed JSON while renewing the lease, and record the answer under the claim's token.
// A partner's endpoint failing only delays its own deliveries (counted attempts, growing
// waits, src/notify/webhook-outcome.ts); the mail transport's pause never applies here and is
// never set from here. Flood guard and digest do not apply: each event revision is POSTed.
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import { cancelClaimed, claimNextDelivery, recordFailed, recordRetry, recordSent, releaseClaim, renewClaim, type ClaimedDelivery } from './outbox.js';
import { webhookOutcome } from './webhook-outcome.js';
import { buildWebhookEvent } from './webhook-payload.js';
import { postWebhook } from './webhook-post.js';

export interface WebhookOptions {
  /** mail.allowPrivateWebhooks: POST to loopback and private addresses too (tests, a partner on the LAN). */
  allowPrivate: boolean;
  /** The whole exchange, connection to last byte. Default 10 s. */
  timeoutMs?: number;
}

export interface WebhookDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  leaseMs: number;
  options: WebhookOptions;
}

/** What one round of webhook sending did. */
export interface WebhookReport {
  sent: number;
  /** Refused for good (a 4xx other than 408/429), or out of attempts. */
  failed: number;
  /** Failed for now (5xx, 408, 429, no answer): due again later. */
  retrying: number;
  cancelled: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// Endpoints are different servers: a slow one holds one worker, not the round.
const WORKERS = 4;
const USER_AGENT = 'Vigil webhook (humanitarian early-warning monitor)';

export async function sendDueWebhooks(deps: WebhookDeps): Promise<WebhookReport> {
  const report: WebhookReport = { sent: 0, failed: 0, retrying: 0, cancelled: 0 };
  await Promise.all(Array.from({ length: WORKERS }, () => work(deps, report)));
  return report;
}

async function work(deps: WebhookDeps, report: WebhookReport): Promise<void> {
  for (;;) {
    const delivery = await claimNextDelivery(deps.db, deps.now(), deps.leaseMs, 'webhook');
    if (!delivery) return;
    try {
      await sendClaimed(deps, delivery, report);
    } catch (error) {
      // A database error: the row goes back untried, and the round stops here.
      await releaseClaim(deps.db, delivery, deps.now(), null).catch(() => undefined);
      throw error;
    }
  }
}

async function sendClaimed(deps: WebhookDeps, delivery: ClaimedDelivery, report: WebhookReport): Promise<void> {
  const { db, now, leaseMs } = deps;
  const log = deps.log.child({ stage: 'webhook', deliveryId: delivery.id, alertId: delivery.alertId, subscriberId: delivery.subscriberId });
  const target = await loadTarget(db, delivery.subscriptionId);
  const refusal = refusalOf(target);
  const event = refusal ? null : await buildWebhookEvent(db, delivery);
  if (!target?.url || !target.secret || refusal || !event) {
    await cancelClaimed(db, delivery, refusal ?? 'event gone');
    report.cancelled += 1;
    return log.info({ reason: refusal ?? 'event gone' }, 'webhook cancelled');
  }
  if (!(await renewClaim(db, delivery, now(), leaseMs))) return log.warn('claim lost before posting; another sender has the webhook');
  const heartbeat = setInterval(() => void renewClaim(db, delivery, now(), leaseMs).catch(() => undefined), Math.max(10, Math.floor(leaseMs / 3)));
  const request = { url: target.url, secret: target.secret, body: event.body, deliveryId: delivery.id, event: event.id, userAgent: USER_AGENT };
  const answer = await postWebhook(request, { timeoutMs: deps.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, allowPrivate: deps.options.allowPrivate, now }).finally(() => clearInterval(heartbeat));
  const outcome = webhookOutcome(answer, delivery.attempts + 1, now());
  if (outcome.kind === 'sent') {
    if (await recordSent(db, delivery, event.id, now())) report.sent += 1;
    return log.info({ status: answer.status }, 'webhook delivered');
  }
  if (outcome.kind === 'failed') {
    if (await recordFailed(db, delivery, outcome.reason)) report.failed += 1;
    return log.warn({ error: outcome.reason }, 'webhook failed for good');
  }
  if (await recordRetry(db, delivery, outcome.at, outcome.reason)) report.retrying += 1;
  log.warn({ error: outcome.reason, retryAt: outcome.at, attempts: delivery.attempts + 1 }, 'webhook failed; retrying later');
}

async function loadTarget(db: Db, subscriptionId: number) {
  const row = await db.subscription.findUnique({
    where: { id: subscriptionId },
    select: { webhookSecret: true, confirmedAt: true, unsubscribedAt: true, subscriber: { select: { webhookUrl: true, confirmedAt: true } } },
  });
  return row && { url: row.subscriber.webhookUrl, secret: row.webhookSecret, confirmedAt: row.confirmedAt, unsubscribedAt: row.unsubscribedAt };
}

function refusalOf(target: Awaited<ReturnType<typeof loadTarget>>): string | null {
  if (!target) return 'subscription removed';
  if (target.unsubscribedAt) return 'unsubscribed';
  if (!target.confirmedAt) return 'not confirmed';
  if (!target.url || !target.secret) return 'not a webhook';
  return null;
}
