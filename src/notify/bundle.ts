// What a claimed alert delivery becomes, decided under a lock on its subscriber so that two
// senders never decide for one person at once: sent alone; held for the daily digest (cadence
// daily) or for the flood guard's summary (more than mail.maxImmediatePerHour in the hour); or,
// when a digest or summary is due, the one email of every held notice of that subscription,
// all taken under this claim's token with one Message-ID written on every row. A row already
// in a formed message keeps it (and its Message-ID) on retry; a formed message is never
// changed, so a second send after a crash is the same message. Times come from `now` only.
import type { Db, Tx } from '../db/index.js';
import type { MessageKey } from './message-id.js';
import type { ClaimedDelivery } from './outbox.js';
import { digestTimeAtOrAfter, nextSlotAt } from './schedule.js';

export const BATCHES = ['digest', 'summary'] as const;
export type Batch = (typeof BATCHES)[number];

/** The mail.* keys that decide when notices go out. */
export interface MailPolicy {
  digestHour: number;
  timezone: string;
  maxImmediatePerHour: number;
}

export const DEFAULT_MAIL_POLICY: MailPolicy = { digestHour: 8, timezone: 'Africa/Bamako', maxImmediatePerHour: 10 };

/** One notice of a digest or summary. */
export interface BundledNotice {
  id: number;
  alertId: number;
  revision: number;
}

export type Plan =
  | { kind: 'lost' }
  | { kind: 'held'; batch: Batch; until: Date }
  | { kind: 'single' }
  | { kind: 'bundle'; batch: Batch; at: Date; messageId: string; notices: BundledNotice[] };

export interface PlanDeps {
  db: Db;
  policy: MailPolicy;
  leaseMs: number;
  messageIdOf: (key: MessageKey) => string;
}

const HOUR_MS = 3_600_000;
// A batch's plan may form several large digests; Prisma's defaults (2 s to get the connection,
// 5 s in all) would abort it on a busy embedded database, and the next round would retry the same.
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 60_000 } as const;

interface Lead {
  id: number;
  subscriberId: number;
  subscriptionId: number;
  claimToken: string;
  messageId: string | null;
  batch: string | null;
  batchAt: Date | null;
  slotAt: Date | null;
  createdAt: Date;
  cadence: string;
}

interface Step {
  tx: Tx;
  deps: PlanDeps;
  lead: Lead;
  now: Date;
}

/**
 * Decides what each claimed delivery of a sender's batch becomes (confirmations always go alone),
 * in one transaction holding the locks of all their subscribers (taken in id order, so two
 * senders never wait on each other in a circle). The common case, an immediate notice with
 * nothing held and a free slot in the hour, is decided from two reads for the whole batch;
 * anything else is decided one claim at a time, from the table.
 */
export async function planClaims(deps: PlanDeps, claims: readonly ClaimedDelivery[], now: Date): Promise<Plan[]> {
  const alerts = claims.filter((c) => c.kind === 'alert');
  if (alerts.length === 0) return claims.map(() => ({ kind: 'single' }));
  return deps.db.$transaction(async (tx) => {
    const subscriberIds = [...new Set(alerts.map((c) => c.subscriberId))].sort((a, b) => a - b);
    await tx.$queryRaw`SELECT id FROM subscriber WHERE id = ANY(${subscriberIds}::int[]) ORDER BY id FOR UPDATE`;
    const leads = await loadLeads(tx, alerts);
    const lane = await FastLane.load(tx, deps.policy, [...leads.values()], now);
    const plans: Plan[] = [];
    for (const claimed of claims) {
      const lead = leads.get(claimed.id);
      if (claimed.kind !== 'alert') plans.push({ kind: 'single' });
      else if (!lead) plans.push({ kind: 'lost' });
      else if (lane.takes(lead)) plans.push({ kind: 'single' });
      else {
        // The one-by-one plan reads the slots from the table: those given so far are written first.
        await lane.flush();
        plans.push(await planAgain(tx, deps, claimed, now));
        lane.forget(lead);
      }
    }
    await lane.flush();
    return plans;
  }, TRANSACTION_LIMITS);
}

// The claimed rows still held by their claims (a row whose claim was lost is missing).
async function loadLeads(tx: Tx, claims: readonly ClaimedDelivery[]): Promise<Map<number, Lead>> {
  const rows = await tx.delivery.findMany({
    where: { id: { in: claims.map((c) => c.id) }, status: 'pending' },
    select: { id: true, claimToken: true, subscriberId: true, subscriptionId: true, messageId: true, batch: true, batchAt: true, slotAt: true, createdAt: true, subscription: { select: { cadence: true } } },
  });
  const tokens = new Map(claims.map((c) => [c.id, c.claimToken]));
  const leads = new Map<number, Lead>();
  for (const { subscription, claimToken, ...row } of rows) {
    if (claimToken !== null && claimToken === tokens.get(row.id)) leads.set(row.id, { ...row, claimToken, cadence: subscription.cadence });
  }
  return leads;
}

// Read again: a plan before it in this batch may have held or formed its row (it is lost then).
async function planAgain(tx: Tx, deps: PlanDeps, claimed: ClaimedDelivery, now: Date): Promise<Plan> {
  const lead = (await loadLeads(tx, [claimed])).get(claimed.id);
  return lead ? planLead({ tx, deps, lead, now }) : { kind: 'lost' };
}

async function planLead(step: Step): Promise<Plan> {
  const { lead } = step;
  if (lead.messageId && isBatch(lead.batch)) return retake(step, lead.messageId, lead.batch);
  if (lead.slotAt) return { kind: 'single' };
  return lead.cadence === 'daily' ? planDigest(step) : planImmediate(step);
}

/**
 * The common case of a batch, decided in memory: an immediate notice never held, of a
 * subscription with nothing held for a summary, whose subscriber has a free slot in the hour
 * (counting the slots this batch gave). Any other lead, and every later lead of its subscriber,
 * goes one by one.
 */
class FastLane {
  private readonly given: number[] = [];
  private readonly slow = new Set<number>();

  private constructor(
    private readonly tx: Tx,
    private readonly policy: MailPolicy,
    private readonly now: Date,
    private readonly slots: Map<number, Date[]>,
    private readonly holding: Set<number>,
  ) {}

  static async load(tx: Tx, policy: MailPolicy, leads: readonly Lead[], now: Date): Promise<FastLane> {
    const [slotRows, heldRows] = await Promise.all([
      tx.delivery.findMany({ where: { subscriberId: { in: [...new Set(leads.map((l) => l.subscriberId))] }, slotAt: { gt: new Date(now.getTime() - HOUR_MS) } }, select: { subscriberId: true, slotAt: true } }),
      tx.delivery.findMany({
        where: { subscriptionId: { in: [...new Set(leads.map((l) => l.subscriptionId))] }, kind: 'alert', status: 'pending', batch: 'summary', messageId: null, slotAt: null },
        select: { subscriptionId: true },
        distinct: ['subscriptionId'],
      }),
    ]);
    const slots = new Map<number, Date[]>();
    for (const row of slotRows) if (row.slotAt) slots.set(row.subscriberId, [...(slots.get(row.subscriberId) ?? []), row.slotAt]);
    return new FastLane(tx, policy, now, slots, new Set(heldRows.map((r) => r.subscriptionId)));
  }

  /** True when the lead goes alone now (its slot is noted, written by flush). */
  takes(lead: Lead): boolean {
    if (lead.slotAt) return true;
    if (this.slow.has(lead.subscriberId) || lead.cadence !== 'immediate' || lead.batch !== null || lead.messageId !== null || this.holding.has(lead.subscriptionId)) return false;
    const slots = this.slots.get(lead.subscriberId) ?? [];
    if (nextSlotAt(slots, this.policy.maxImmediatePerHour, this.now)) return false;
    this.slots.set(lead.subscriberId, [...slots, this.now]);
    this.given.push(lead.id);
    return true;
  }

  /** The lead was planned one by one: its subscriber's state is the table's now. */
  forget(lead: Lead): void {
    this.slow.add(lead.subscriberId);
  }

  async flush(): Promise<void> {
    if (this.given.length === 0) return;
    await this.tx.delivery.updateMany({ where: { id: { in: this.given.splice(0) } }, data: { slotAt: this.now } });
  }
}

function isBatch(value: string | null): value is Batch {
  return (BATCHES as readonly string[]).includes(value ?? '');
}

// A message formed before (its sender died or the server was down): the same rows, the same ID.
async function retake(step: Step, messageId: string, batch: Batch): Promise<Plan> {
  const { tx, lead, now } = step;
  await tx.delivery.updateMany({ where: { messageId, status: 'pending' }, data: { claimToken: lead.claimToken, nextAttemptAt: leaseEnd(step) } });
  if (batch === 'summary') await tx.delivery.update({ where: { id: lead.id }, data: { slotAt: now } });
  return { kind: 'bundle', batch, at: lead.batchAt ?? now, messageId, notices: await noticesOf(tx, lead.claimToken) };
}

async function planDigest(step: Step): Promise<Plan> {
  const { tx, deps, lead, now } = step;
  const at = digestTimeAtOrAfter(lead.createdAt, deps.policy.digestHour, deps.policy.timezone);
  if (at > now) {
    // Every unplanned row of the same digest is put aside with this one: one claim, not one each.
    // A day is 23 to 25 hours long, so 25 hours back finds the digest before.
    const previous = digestTimeAtOrAfter(new Date(at.getTime() - 25 * HOUR_MS), deps.policy.digestHour, deps.policy.timezone);
    return hold(step, 'digest', at, [lead.id, ...(await unplanned(step, { gt: previous, lte: at }))]);
  }
  // Everything of this subscription waiting since before this digest time, claimed or not: a
  // row another sender claimed but has not formed yet is taken over (its plan finds it lost).
  const rows = await tx.delivery.findMany({
    where: { subscriptionId: lead.subscriptionId, kind: 'alert', status: 'pending', messageId: null, slotAt: null, createdAt: { lte: at } },
    select: { id: true },
  });
  return form(step, 'digest', at, rows.map((r) => r.id));
}

async function planImmediate(step: Step): Promise<Plan> {
  const { tx, deps, lead, now } = step;
  const held = await tx.delivery.findMany({
    where: { subscriptionId: lead.subscriptionId, kind: 'alert', status: 'pending', batch: 'summary', messageId: null, slotAt: null },
    select: { id: true, batchAt: true },
  });
  const heldAt = [lead.batch === 'summary' ? lead.batchAt : null, ...held.map((h) => h.batchAt)].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0];
  const group = [...new Set([lead.id, ...held.map((h) => h.id)])];
  // While notices are held for a summary, a new one joins them rather than overtaking them.
  if (heldAt && heldAt > now) return hold(step, 'summary', heldAt, [...group, ...(await unplanned(step, { lte: now }))]);
  const slots = await tx.delivery.findMany({ where: { subscriberId: lead.subscriberId, slotAt: { gt: new Date(now.getTime() - HOUR_MS) } }, select: { slotAt: true } });
  const opens = nextSlotAt(
    slots.flatMap((s) => (s.slotAt ? [s.slotAt] : [])),
    deps.policy.maxImmediatePerHour,
    now,
  );
  // Beyond the limit: everything else due for this subscription waits too, in one step.
  if (opens) return hold(step, 'summary', opens, [...group, ...(await unplanned(step, { lte: now }))]);
  if (!heldAt) {
    await tx.delivery.update({ where: { id: lead.id }, data: { slotAt: now } });
    return { kind: 'single' };
  }
  const plan = await form(step, 'summary', heldAt, group);
  await tx.delivery.update({ where: { id: lead.id }, data: { slotAt: now } });
  return plan;
}

// Rows of the lead's subscription no plan has touched, created in `createdAt`: unclaimed, or
// claimed by a sender now waiting for this lock (whose plan will find its claim gone).
async function unplanned(step: Step, createdAt: { gt?: Date; lte: Date }): Promise<number[]> {
  const rows = await step.tx.delivery.findMany({
    where: { subscriptionId: step.lead.subscriptionId, kind: 'alert', status: 'pending', batch: null, messageId: null, slotAt: null, createdAt },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

// Gives the rows back, due when their digest or summary is.
async function hold(step: Step, batch: Batch, until: Date, ids: number[]): Promise<Plan> {
  await step.tx.delivery.updateMany({
    where: { id: { in: ids }, status: 'pending', messageId: null },
    data: { batch, batchAt: until, nextAttemptAt: until, claimToken: null },
  });
  return { kind: 'held', batch, until };
}

// Takes the rows under this claim and writes the message's ID on each.
async function form(step: Step, batch: Batch, at: Date, ids: number[]): Promise<Plan> {
  const { tx, deps, lead } = step;
  const messageId = deps.messageIdOf({ kind: batch, subscriptionId: lead.subscriptionId, deliveryId: lead.id });
  await tx.delivery.updateMany({
    where: { id: { in: [...new Set([lead.id, ...ids])] }, status: 'pending' },
    data: { batch, batchAt: at, messageId, claimToken: lead.claimToken, nextAttemptAt: leaseEnd(step) },
  });
  return { kind: 'bundle', batch, at, messageId, notices: await noticesOf(tx, lead.claimToken) };
}

function leaseEnd(step: Step): Date {
  return new Date(step.now.getTime() + step.deps.leaseMs);
}

async function noticesOf(tx: Tx, claimToken: string): Promise<BundledNotice[]> {
  const rows = await tx.delivery.findMany({ where: { claimToken, status: 'pending' }, select: { id: true, alertId: true, revision: true }, orderBy: { id: 'asc' } });
  return rows.flatMap((r) => (r.alertId !== null && r.revision !== null ? [{ id: r.id, alertId: r.alertId, revision: r.revision }] : []));
}
