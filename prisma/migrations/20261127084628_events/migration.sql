-- DropIndex
DROP INDEX "alert_watchlist_id_idx";

-- AlterTable
ALTER TABLE "actor" ADD COLUMN     "communities" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "alert" ADD COLUMN     "escalation" TEXT,
ADD COLUMN     "historical" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "violence" TEXT[],
ALTER COLUMN "created_at" DROP DEFAULT;

-- AlterTable
ALTER TABLE "alert_actor" ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'mentioned';

-- AlterTable
-- Edited by hand (the generated SQL added the NOT NULL columns at once, which fails on a database
-- that holds alerts): the columns are added, filled from their alert, then made NOT NULL.
ALTER TABLE "alert_source" ADD COLUMN     "added_at" TIMESTAMPTZ(3),
ADD COLUMN     "event_date" TIMESTAMPTZ(3),
ADD COLUMN     "figures" JSONB,
ADD COLUMN     "revision" INTEGER,
ADD COLUMN     "victims" TEXT[],
ADD COLUMN     "violence" JSONB;

UPDATE "alert_source" AS s SET "added_at" = a."created_at", "event_date" = a."event_date", "figures" = '{}', "violence" = '[]', "revision" = 1
FROM "alert" AS a WHERE a."id" = s."alert_id";

ALTER TABLE "alert_source" ALTER COLUMN "added_at" SET NOT NULL,
ALTER COLUMN "event_date" SET NOT NULL,
ALTER COLUMN "figures" SET NOT NULL,
ALTER COLUMN "revision" SET NOT NULL,
ALTER COLUMN "violence" SET NOT NULL;

-- CreateTable
CREATE TABLE "place_signal" (
    "item_id" INTEGER NOT NULL,
    "place_id" INTEGER NOT NULL,
    "figures" JSONB NOT NULL,
    "combatants" JSONB NOT NULL,
    "violence" TEXT[],
    "victims" TEXT[],
    "perpetrator_ids" INTEGER[],
    "event_date" TIMESTAMPTZ(3),
    "event_date_evidence" TEXT,

    CONSTRAINT "place_signal_pkey" PRIMARY KEY ("item_id","place_id")
);

-- CreateTable
CREATE TABLE "alert_revision" (
    "id" SERIAL NOT NULL,
    "alert_id" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "previous_level" TEXT,
    "killed_min" INTEGER,
    "killed_max" INTEGER,
    "sources" INTEGER NOT NULL,
    "reasons" TEXT[],
    "changes" TEXT[],
    "notified" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_revision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "place_signal_place_id_idx" ON "place_signal"("place_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_revision_alert_id_revision_key" ON "alert_revision"("alert_id", "revision");

-- CreateIndex
CREATE INDEX "alert_watchlist_id_event_date_idx" ON "alert"("watchlist_id", "event_date");

-- AddForeignKey
ALTER TABLE "place_signal" ADD CONSTRAINT "place_signal_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "place_signal" ADD CONSTRAINT "place_signal_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "place"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_revision" ADD CONSTRAINT "alert_revision_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Edited by hand: every alert stored before events had revisions gets its first revision.
INSERT INTO "alert_revision" ("alert_id", "revision", "level", "killed_min", "killed_max", "sources", "reasons", "changes", "notified", "created_at")
SELECT a."id", a."revision", a."level", a."killed_min", a."killed_max", (SELECT count(*) FROM "alert_source" s WHERE s."alert_id" = a."id"), a."reasons", ARRAY[]::TEXT[], true, a."created_at"
FROM "alert" AS a;
