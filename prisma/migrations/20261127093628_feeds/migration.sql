-- AlterTable
ALTER TABLE "feed" ADD COLUMN     "body_hash" TEXT,
ADD COLUMN     "claimed_by" TEXT,
ADD COLUMN     "claimed_until" TIMESTAMPTZ(3),
ADD COLUMN     "fetch_url" TEXT,
ADD COLUMN     "gone_at" TIMESTAMPTZ(3),
ADD COLUMN     "interval_minutes" INTEGER,
ADD COLUMN     "items_seen" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "last_status" INTEGER;

-- AlterTable
ALTER TABLE "item" ADD COLUMN     "canonical_link" TEXT;

-- AlterTable
ALTER TABLE "match" ADD COLUMN     "count" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "item_sighting" (
    "item_id" INTEGER NOT NULL,
    "feed_id" INTEGER NOT NULL,
    "guid" TEXT NOT NULL,
    "link" TEXT,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "item_sighting_pkey" PRIMARY KEY ("feed_id","guid")
);

-- CreateTable
CREATE TABLE "quarantined_item" (
    "feed_id" INTEGER NOT NULL,
    "guid" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "quarantined_item_pkey" PRIMARY KEY ("feed_id","guid")
);

-- CreateIndex
CREATE INDEX "item_sighting_item_id_idx" ON "item_sighting"("item_id");

-- CreateIndex
CREATE INDEX "feed_enabled_next_poll_at_idx" ON "feed"("enabled", "next_poll_at");

-- CreateIndex
CREATE INDEX "item_canonical_link_idx" ON "item"("canonical_link");

-- AddForeignKey
ALTER TABLE "item_sighting" ADD CONSTRAINT "item_sighting_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "item_sighting" ADD CONSTRAINT "item_sighting_feed_id_fkey" FOREIGN KEY ("feed_id") REFERENCES "feed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quarantined_item" ADD CONSTRAINT "quarantined_item_feed_id_fkey" FOREIGN KEY ("feed_id") REFERENCES "feed"("id") ON DELETE CASCADE ON UPDATE CASCADE;
