// The rows every sender shares: this install's id (created once, by whichever process asks
// first) and the mail transport's state (ok, or paused: why, since when, until when), which
// replicas read before claiming and operators read in /healthz and `vigil deliveries list`.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';
import type { TransportState } from './pause.js';

/** This install's id: 96 random bits in hex, created on first use and never changed. */
export async function ensureInstallId(db: Db, now: Date): Promise<string> {
  // ON CONFLICT DO NOTHING: two replicas starting together keep the first one's id.
  await db.$executeRaw`INSERT INTO install (id, install_id, created_at) VALUES (1, ${randomBytes(12).toString('hex')}, ${now}) ON CONFLICT (id) DO NOTHING`;
  const row = await db.install.findUniqueOrThrow({ where: { id: 1 }, select: { installId: true } });
  return row.installId;
}

export async function readTransportState(db: Db): Promise<TransportState> {
  const row = await db.mailTransport.findUnique({ where: { id: 1 } });
  if (!row || row.status !== 'paused' || !row.pausedUntil || !row.since) return { status: 'ok' };
  return { status: 'paused', reason: row.reason ?? 'unknown', since: row.since, failures: row.failures, pausedUntil: row.pausedUntil };
}

export async function writeTransportState(db: Db, state: TransportState, now: Date): Promise<void> {
  const data =
    state.status === 'ok'
      ? { status: 'ok', reason: null, since: null, failures: 0, pausedUntil: null, updatedAt: now }
      : { status: 'paused', reason: state.reason, since: state.since, failures: state.failures, pausedUntil: state.pausedUntil, updatedAt: now };
  await db.mailTransport.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
}
