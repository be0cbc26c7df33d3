-- AlterTable
ALTER TABLE "actor" ADD COLUMN     "retired_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "place" ADD COLUMN     "retired_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "watchlist" ADD COLUMN     "retired_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "catalog_sync" (
    "id" SERIAL NOT NULL,
    "config_hash" TEXT NOT NULL,
    "synced_at" TIMESTAMPTZ(3) NOT NULL,
    "synced_by" TEXT NOT NULL,
    "vigil_version" TEXT NOT NULL,
    "forced" BOOLEAN NOT NULL DEFAULT false,
    "feeds" INTEGER NOT NULL,
    "watchlists" INTEGER NOT NULL,
    "places" INTEGER NOT NULL,
    "actors" INTEGER NOT NULL,

    CONSTRAINT "catalog_sync_pkey" PRIMARY KEY ("id")
);
