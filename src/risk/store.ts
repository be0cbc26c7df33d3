// Signals in the database: one row per item that matched, with its reported figures.
import type { Tx } from '../db/index.js';
import type { Signals } from './signals.js';

export async function storeSignals(tx: Tx, itemId: number, signals: Signals): Promise<void> {
  await tx.signal.create({ data: { itemId, ...signals.figures, violence: signals.violence.map((v) => v.kind) } });
}
