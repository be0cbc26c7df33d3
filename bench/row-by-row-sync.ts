// The bench's baseline for catalog sync: the row-by-row sync Vigil had before src/catalog (one
// upsert per feed, watchlist, place and actor inside an interactive transaction), kept as it
// was except for a timeout long enough to let 20,000 places finish (Prisma's default, 5 s,
// stopped it at about 3,000 places on the embedded database).
import type { CatalogConfig } from '../src/catalog/index.js';
import type { Db } from '../src/db/index.js';

/** Syncs the catalog the old way, row by row (the baseline). */
export async function rowByRowSync(db: Db, catalog: CatalogConfig): Promise<void> {
  for (const f of catalog.feeds) {
    const fields = { name: f.name, publisher: f.publisher, language: f.language, enabled: f.enabled };
    await db.feed.upsert({ where: { url: f.url }, create: { url: f.url, ...fields }, update: fields });
  }
  await db.feed.updateMany({ where: { url: { notIn: catalog.feeds.map((f) => f.url) }, enabled: true }, data: { enabled: false } });
  await db.$transaction(
    async (tx) => {
      for (const w of catalog.watchlists) {
        const fields = { name: w.name, recommendedActions: w.recommendedActions ?? null };
        const row = await tx.watchlist.upsert({ where: { slug: w.slug }, create: { slug: w.slug, ...fields }, update: fields, select: { id: true } });
        for (const p of w.places) {
          const data = { kind: p.kind, aliases: p.aliases, within: p.within, ambiguous: p.ambiguous, latitude: p.coordinates?.[0] ?? null, longitude: p.coordinates?.[1] ?? null };
          const key = { watchlistId_name: { watchlistId: row.id, name: p.name } };
          await tx.place.upsert({ where: key, create: { watchlistId: row.id, name: p.name, ...data }, update: data, select: { id: true } });
        }
        for (const a of w.actors) {
          const data = { type: a.type, aliases: a.aliases };
          const key = { watchlistId_name: { watchlistId: row.id, name: a.name } };
          await tx.actor.upsert({ where: key, create: { watchlistId: row.id, name: a.name, ...data }, update: data, select: { id: true } });
        }
      }
    },
    { timeout: 600_000 },
  );
}
