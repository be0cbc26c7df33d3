// The JSON a webhook receives for one event revision: the event as `vigil alerts list --json`
// shows it now, with the revision this delivery stands for, its level then and what changed.
// Serialised once: the signature is of exactly these bytes.
import { listAlerts } from '../alerts/index.js';
import type { Db } from '../db/index.js';

export interface WebhookEvent {
  /** "<alert id>.r<revision>", the X-Vigil-Event header. */
  id: string;
  body: string;
}

export async function buildWebhookEvent(db: Db, delivery: { alertId: number | null; revision: number | null }): Promise<WebhookEvent | null> {
  if (delivery.alertId === null || delivery.revision === null) return null;
  const [view] = await listAlerts(db, { limit: 1, id: delivery.alertId });
  const revision = await db.alertRevision.findUnique({
    where: { alertId_revision: { alertId: delivery.alertId, revision: delivery.revision } },
    select: { level: true, previousLevel: true, changes: true, createdAt: true },
  });
  if (!view) return null;
  const payload = {
    ...view,
    revision: delivery.revision,
    latestRevision: view.revision,
    revisionLevel: revision?.level ?? view.level,
    previousLevel: revision?.previousLevel ?? null,
    changes: revision?.changes ?? [],
    revisedAt: revision?.createdAt.toISOString() ?? view.updatedAt,
  };
  return { id: `${delivery.alertId}.r${delivery.revision}`, body: JSON.stringify(payload) };
}
