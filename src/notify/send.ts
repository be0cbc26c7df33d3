// One round of sending: while the transport is not paused, due deliveries are claimed in
// batches (CLAIM_BATCH, each row under its own claim token), planned together (alone, held for a
// digest or the flood guard's summary, or a due digest or summary taking its siblings:
// src/notify/bundle.ts) and composed together, then sent by as many workers as the SMTP pool has
// connections. The claims are renewed while the round holds them (src/notify/leases.ts), and
// each outcome is recorded under its claim's token as soon as it is known, so a replica killed
// mid-round resends at most the emails in flight, with their Message-IDs. A recipient the server
// refuses fails alone; any other failure pauses every sender (the brake) with every unsent
// delivery given back untouched; a template that does not render stops the round with a thrown
// error. Webhook deliveries go out in the same round through their own sender
// (src/notify/webhook-send.ts), whatever the mail transport's state.
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import type { Templates } from '../templates.js';
import { DEFAULT_MAIL_POLICY, planClaims, type MailPolicy, type PlanDeps } from './bundle.js';
import { classifySendError, describeSendError } from './classify.js';
import { composeMails, type ComposeDeps, type Composed } from './compose.js';
import { composeBundle } from './compose-bundle.js';
import { buildMessageId, mailDomain } from './message-id.js';
import { startLeases, type Leases } from './leases.js';
import { cancelClaimed, claimDueDeliveries, recordRejected, recordSent, releaseClaim, releaseClaims, type ClaimedDelivery } from './outbox.js';
import { isPaused, pauseAfterFailure, type TransportState } from './pause.js';
import type { OutgoingMail, SendMail } from './smtp.js';
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

// How many due emails a round claims, plans and composes at once (one query each for the lot);
// the pool's connections then send them. A replica killed holds at most this many more claims,
// which another sender takes once their lease has run out.
export const CLAIM_BATCH = 25;

interface Round {
  deps: SendDeps;
  compose: ComposeDeps;
  plan: PlanDeps;
  report: Omit<SendReport, 'webhooks'>;
  state: TransportState;
  stopped: boolean;
  leases: Leases;
  /** Composed emails waiting for a free connection, in claim order. */
  ready: Ready[];
  /** The batch being claimed, planned and composed (one at a time). */
  filling: Promise<void> | null;
  /** Nothing more is due. */
  drained: boolean;
}

interface Ready {
  delivery: ClaimedDelivery;
  mail: OutgoingMail;
  log: Logger;
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
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const plan: PlanDeps = { db: deps.db, policy: deps.mailPolicy ?? DEFAULT_MAIL_POLICY, leaseMs, messageIdOf: (key) => buildMessageId(key, installId, domain) };
  const leases = startLeases(deps.db, deps.now, leaseMs, deps.log.child({ stage: 'notify' }));
  const round: Round = { deps, report, state, stopped: false, plan, compose: { ...deps, installId, domain, events: new Map() }, leases, ready: [], filling: null, drained: false };
  try {
    const workers = await Promise.allSettled(Array.from({ length: Math.max(1, deps.concurrency ?? 1) }, () => work(round)));
    const failure = workers.find((w) => w.status === 'rejected');
    if (failure) throw failure.reason;
    return report;
  } finally {
    leases.stop();
    // Claimed but not sent (the round stopped): given back untried, due at once.
    await releaseClaims(deps.db, leases.held(), deps.now(), null).catch(() => undefined);
  }
}

async function work(round: Round): Promise<void> {
  try {
    for (let next = await nextReady(round); next; next = await nextReady(round)) await sendReady(round, next);
  } catch (error) {
    round.stopped = true;
    throw error;
  }
}

// The next composed email; claims, plans and composes the next batch when none is waiting.
async function nextReady(round: Round): Promise<Ready | null> {
  while (!round.stopped) {
    const next = round.ready.shift();
    if (next) return next;
    if (round.drained) return null;
    await (round.filling ??= fill(round).finally(() => {
      round.filling = null;
    }));
  }
  return null;
}

async function fill(round: Round): Promise<void> {
  const { db, now, log: parent } = round.deps;
  const claims = await claimDueDeliveries(db, now(), round.plan.leaseMs, CLAIM_BATCH);
  if (claims.length === 0) {
    round.drained = true;
    return;
  }
  for (const claim of claims) round.leases.add(claim.claimToken);
  const logs = claims.map((d) => parent.child({ stage: 'notify', deliveryId: d.id, kind: d.kind, alertId: d.alertId, subscriberId: d.subscriberId }));
  const composed = await planAndCompose(round, claims, logs);
  for (const [i, delivery] of claims.entries()) {
    const result = composed[i];
    const log = logs[i] ?? parent;
    if (!result) round.leases.drop(delivery.claimToken);
    else if ('cancel' in result) await cancel(round, delivery, result.cancel, log);
    else round.ready.push({ delivery, mail: result.mail, log });
  }
}

async function cancel(round: Round, delivery: ClaimedDelivery, reason: string, log: Logger): Promise<void> {
  await cancelClaimed(round.deps.db, delivery, reason);
  round.leases.drop(delivery.claimToken);
  round.report.cancelled += 1;
  log.info({ reason }, 'email cancelled');
}

async function sendReady(round: Round, { delivery, mail, log }: Ready): Promise<void> {
  const { db, now } = round.deps;
  // Checked just before sending: a sender that lost its claim while composing never sends.
  if (!(await round.leases.holds(delivery.claimToken))) return log.warn('claim lost before sending; another sender has the email');
  try {
    await round.deps.sendMail(mail);
  } catch (error) {
    return await recordSendError(round, delivery, error, log);
  }
  round.leases.drop(delivery.claimToken);
  if (await recordSent(db, delivery, mail.messageId, now())) {
    round.report.sent += 1;
    log.info({ messageId: mail.messageId }, 'email sent');
  } else log.warn({ messageId: mail.messageId }, 'email sent, but the claim had been lost: result not recorded');
  await markRecovered(round, log);
}

// Per claim, in order: the email, why it is cancelled, or null when there is nothing to send now
// (the claim was lost, or the notice was held for a digest or summary).
async function planAndCompose(round: Round, claims: readonly ClaimedDelivery[], logs: readonly Logger[]): Promise<(Composed | null)[]> {
  const { now, log: parent } = round.deps;
  const plans = await planClaims(round.plan, claims, now());
  const singles = claims.filter((_, i) => plans[i]?.kind === 'single');
  const mails = await composeMails(round.compose, singles, now());
  let next = 0;
  return Promise.all(
    claims.map(async (delivery, i) => {
      const plan = plans[i] ?? { kind: 'lost' };
      const log = logs[i] ?? parent;
      switch (plan.kind) {
        case 'lost':
          // A plan before it (this sender's or another's) took the row into a digest or summary.
          log.debug('claim lost while planning; another plan has the email');
          return null;
        case 'held':
          round.report.held += 1;
          log.debug({ batch: plan.batch, until: plan.until }, 'notice held for a digest or summary');
          return null;
        case 'single':
          return mails[next++] ?? null;
        case 'bundle':
          log.info({ batch: plan.batch, notices: plan.notices.length, messageId: plan.messageId }, 'digest or summary formed');
          return composeBundle({ ...round.compose, timezone: round.plan.policy.timezone }, delivery.subscriptionId, plan, now());
      }
    }),
  );
}

async function recordSendError(round: Round, delivery: ClaimedDelivery, error: unknown, log: Logger): Promise<void> {
  const { db, now } = round.deps;
  const reply = describeSendError(error);
  round.leases.drop(delivery.claimToken);
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
