// One round of sending: while the transport is not paused, workers (as many as the SMTP pool
// has connections) each claim one due delivery at a time, plan it (alone, held for a digest or
// the flood guard's summary, or a due digest or summary taking its siblings: src/notify/bundle.ts),
// compose it, send it while renewing
// the claim's lease, and record the outcome under the claim's token. A recipient the server
// refuses fails alone; any other failure pauses every sender (the brake) with the delivery
// given back untouched; a template that does not render stops the round with a thrown error.
// Webhook deliveries go out in the same round through their own sender (src/notify/webhook-send.ts),
// whatever the mail transport's state.
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import type { Templates } from '../templates.js';
import { DEFAULT_MAIL_POLICY, planClaim, type MailPolicy, type PlanDeps } from './bundle.js';
import { classifySendError, describeSendError } from './classify.js';
import { composeMail, type ComposeDeps, type Composed } from './compose.js';
import { composeBundle } from './compose-bundle.js';
import { buildMessageId, mailDomain } from './message-id.js';
import { cancelClaimed, claimNextDelivery, recordRejected, recordSent, releaseClaim, renewClaim, type ClaimedDelivery } from './outbox.js';
import { isPaused, pauseAfterFailure, type TransportState } from './pause.js';
import type { SendMail } from './smtp.js';
import { ensureInstallId, readTransportState, writeTransportState } from './transport.js';
import { sendDueWebhooks, type WebhookOptions, type WebhookReport } from './webhook-send.js';

export interface SendDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  sendMail: SendMail;
  templates: Templates;
  baseUrl: string;
  /** A notice's recent history reaches back this many days (risk.historyDays). */
  historyDays: number;
  /** mail.from: Message-IDs are in its domain (else web.baseUrl's host). */
  mailFrom?: string;
  /** Emails sent at once: the SMTP pool's connections. Default 1. */
  concurrency?: number;
  /** A claim lasts this long unless renewed; a dead sender's rows are free again after it. */
  leaseMs?: number;
  /** mail.digestHour, mail.timezone, mail.maxImmediatePerHour. */
  mailPolicy?: MailPolicy;
  /** mail.allowPrivateWebhooks; default: public addresses only. */
  webhooks?: WebhookOptions;
}

/** What one round of sending did. */
export interface SendReport {
  sent: number;
  /** Given back untried because the transport is down; sent once it recovers. */
  retrying: number;
  /** Refused for good by the server (the recipient), reply stored. */
  failed: number;
  cancelled: number;
  /** Notices put aside for a daily digest or a flood summary, sent when that is due. */
  held: number;
  /** The mail server cannot take mail now: senders pause until `pausedUntil`. */
  transportDown: boolean;
  pausedUntil: Date | null;
  /** Webhook deliveries, sent whatever the mail transport's state. */
  webhooks: WebhookReport;
}

export const DEFAULT_LEASE_MS = 30_000;
// Three permanent rejections mark an address as bouncing (issue 17).
const BOUNCE_AFTER = 3;

interface Round {
  deps: SendDeps;
  compose: ComposeDeps;
  plan: PlanDeps;
  report: Omit<SendReport, 'webhooks'>;
  state: TransportState;
  stopped: boolean;
}

/** Sends every due webhook, and every due email unless the mail transport is paused; returns counts by outcome. */
export async function sendDueDeliveries(deps: SendDeps): Promise<SendReport> {
  const webhookDeps = { db: deps.db, log: deps.log, now: deps.now, leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS, options: deps.webhooks ?? { allowPrivate: false } };
  const [emails, webhooks] = await Promise.allSettled([sendDueEmails(deps), sendDueWebhooks(webhookDeps)]);
  if (emails.status === 'rejected') throw emails.reason;
  if (webhooks.status === 'rejected') throw webhooks.reason;
  return { ...emails.value, webhooks: webhooks.value };
}

async function sendDueEmails(deps: SendDeps): Promise<Omit<SendReport, 'webhooks'>> {
  const report: Omit<SendReport, 'webhooks'> = { sent: 0, retrying: 0, failed: 0, cancelled: 0, held: 0, transportDown: false, pausedUntil: null };
  const state = await readTransportState(deps.db);
  if (isPaused(state, deps.now())) return { ...report, transportDown: true, pausedUntil: state.pausedUntil };
  const installId = await ensureInstallId(deps.db, deps.now());
  const domain = mailDomain(deps.mailFrom ?? '', deps.baseUrl);
  const plan: PlanDeps = {
    db: deps.db,
    policy: deps.mailPolicy ?? DEFAULT_MAIL_POLICY,
    leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
    messageIdOf: (key) => buildMessageId(key, installId, domain),
  };
  const round: Round = { deps, report, state, stopped: false, plan, compose: { ...deps, installId, domain, events: new Map() } };
  const workers = await Promise.allSettled(Array.from({ length: Math.max(1, deps.concurrency ?? 1) }, () => work(round)));
  const failure = workers.find((w) => w.status === 'rejected');
  if (failure) throw failure.reason;
  return report;
}

async function work(round: Round): Promise<void> {
  const { db, now } = round.deps;
  const leaseMs = round.deps.leaseMs ?? DEFAULT_LEASE_MS;
  while (!round.stopped) {
    const delivery = await claimNextDelivery(db, now(), leaseMs);
    if (!delivery) return;
    try {
      await sendClaimed(round, delivery, leaseMs);
    } catch (error) {
      round.stopped = true;
      await releaseClaim(db, delivery, now(), null).catch(() => undefined);
      throw error;
    }
  }
}

async function sendClaimed(round: Round, delivery: ClaimedDelivery, leaseMs: number): Promise<void> {
  const { db, now, log: parent } = round.deps;
  const log = parent.child({ stage: 'notify', deliveryId: delivery.id, kind: delivery.kind, alertId: delivery.alertId, subscriberId: delivery.subscriberId });
  const composed = await planAndCompose(round, delivery, log);
  if (!composed) return;
  if ('cancel' in composed) {
    await cancelClaimed(db, delivery, composed.cancel);
    round.report.cancelled += 1;
    log.info({ reason: composed.cancel }, 'email cancelled');
    return;
  }
  // Checked just before sending: a sender that lost its claim while composing never sends.
  if (!(await renewClaim(db, delivery, now(), leaseMs))) return log.warn('claim lost before sending; another sender has the email');
  const heartbeat = setInterval(() => void renewClaim(db, delivery, now(), leaseMs).catch(() => undefined), Math.max(10, Math.floor(leaseMs / 3)));
  try {
    await round.deps.sendMail(composed.mail);
  } catch (error) {
    return await recordSendError(round, delivery, error, log);
  } finally {
    clearInterval(heartbeat);
  }
  if (await recordSent(db, delivery, composed.mail.messageId, now())) {
    round.report.sent += 1;
    log.info({ messageId: composed.mail.messageId }, 'email sent');
  } else log.warn({ messageId: composed.mail.messageId }, 'email sent, but the claim had been lost: result not recorded');
  await markRecovered(round, log);
}

// Null when there is nothing to send now: the claim was lost, or the notice was held.
async function planAndCompose(round: Round, delivery: ClaimedDelivery, log: Logger): Promise<Composed | null> {
  const { now } = round.deps;
  const plan = await planClaim(round.plan, delivery, now());
  switch (plan.kind) {
    case 'lost':
      log.warn('claim lost while planning; another sender has the email');
      return null;
    case 'held':
      round.report.held += 1;
      log.debug({ batch: plan.batch, until: plan.until }, 'notice held for a digest or summary');
      return null;
    case 'single':
      return composeMail(round.compose, delivery, now());
    case 'bundle':
      log.info({ batch: plan.batch, notices: plan.notices.length, messageId: plan.messageId }, 'digest or summary formed');
      return composeBundle({ ...round.compose, timezone: round.plan.policy.timezone }, delivery.subscriptionId, plan, now());
  }
}

async function recordSendError(round: Round, delivery: ClaimedDelivery, error: unknown, log: Logger): Promise<void> {
  const { db, now } = round.deps;
  const reply = describeSendError(error);
  if (classifySendError(error) === 'recipient-rejected') {
    if (await recordRejected(db, delivery, reply, now(), BOUNCE_AFTER)) round.report.failed += 1;
    log.warn({ error: reply }, 'recipient refused by the mail server; email failed');
    return;
  }
  await releaseClaim(db, delivery, now(), reply);
  round.report.retrying += 1;
  round.report.transportDown = true;
  if (round.stopped) return;
  round.stopped = true;
  round.state = pauseAfterFailure(round.state, reply, now());
  await writeTransportState(db, round.state, now());
  if (round.state.status === 'paused') {
    round.report.pausedUntil = round.state.pausedUntil;
    log.warn({ error: reply, failures: round.state.failures, since: round.state.since, pausedUntil: round.state.pausedUntil }, 'mail server cannot take mail; sending paused');
  }
}

async function markRecovered(round: Round, log: Logger): Promise<void> {
  if (round.state.status !== 'paused') return;
  const since = round.state.since;
  round.state = { status: 'ok' };
  await writeTransportState(round.deps.db, round.state, round.deps.now());
  log.info({ since }, 'mail server takes mail again; sending resumed');
}
