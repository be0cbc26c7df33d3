// Signals in the database: the item's one-line summary, and what it reports at each place.
import type { Tx } from '../db/index.js';
import type { PlaceSignals } from './place-signals.js';
import { summarizeSignals } from './signals.js';

/** Stores the signals of newly stored items (those that matched a place), in two statements. */
export async function storeSignals(tx: Tx, items: readonly { itemId: number; places: readonly PlaceSignals[] }[]): Promise<void> {
  const matched = items.filter((i) => i.places.length > 0);
  if (matched.length === 0) return;
  const summaries = matched.map(({ itemId, places }) => {
    const summary = summarizeSignals(places);
    return { itemId, ...summary.figures, violence: summary.violence.map((v) => v.kind) };
  });
  // One jsonb parameter per statement: a batch holds hundreds of rows (see insertItems).
  await tx.$executeRaw`
    INSERT INTO signal (item_id, killed, injured, abducted, homes_burned, displaced, violence)
    SELECT x."itemId", x.killed, x.injured, x.abducted, x."homesBurned", x.displaced, ARRAY(SELECT jsonb_array_elements_text(x.violence))
    FROM jsonb_to_recordset(${JSON.stringify(summaries)}::jsonb)
      AS x("itemId" int, killed int, injured int, abducted int, "homesBurned" int, displaced int, violence jsonb)`;
  const rows = matched.flatMap(({ itemId, places }) =>
    places.map((p) => ({
      itemId,
      placeId: p.placeId,
      figures: p.figures,
      combatants: p.combatants,
      violence: p.violence.map((v) => v.kind),
      victims: p.victims,
      perpetratorIds: p.perpetrators.map((a) => a.id),
      eventDate: p.eventDate?.date ?? null,
      eventDateEvidence: p.eventDate?.evidence ?? null,
    })),
  );
  await tx.$executeRaw`
    INSERT INTO place_signal (item_id, place_id, figures, combatants, violence, victims, perpetrator_ids, event_date, event_date_evidence)
    SELECT x."itemId", x."placeId", x.figures, x.combatants, ARRAY(SELECT jsonb_array_elements_text(x.violence)),
      ARRAY(SELECT jsonb_array_elements_text(x.victims)), ARRAY(SELECT jsonb_array_elements_text(x."perpetratorIds")::int),
      x."eventDate", x."eventDateEvidence"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x("itemId" int, "placeId" int, figures jsonb, combatants jsonb, violence jsonb, victims jsonb, "perpetratorIds" jsonb,
        "eventDate" timestamptz, "eventDateEvidence" text)
    ON CONFLICT DO NOTHING`;
}

/** Removes the signals of these items (re-matching stores their new ones after). */
export async function deleteSignals(tx: Tx, itemIds: readonly number[]): Promise<void> {
  if (itemIds.length === 0) return;
  await tx.$executeRaw`DELETE FROM place_signal WHERE item_id = ANY(${itemIds}::int[])`;
  await tx.$executeRaw`DELETE FROM signal WHERE item_id = ANY(${itemIds}::int[])`;
}
