-- AlterTable
ALTER TABLE "delivery" ADD COLUMN     "claim_token" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'alert',
ALTER COLUMN "alert_id" DROP NOT NULL,
ALTER COLUMN "revision" DROP NOT NULL;

-- AlterTable
ALTER TABLE "subscriber" ADD COLUMN     "bouncing_at" TIMESTAMPTZ(3),
ADD COLUMN     "confirmed_by" TEXT,
ADD COLUMN     "rejections" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "subscription" ADD COLUMN     "confirmed_at" TIMESTAMPTZ(3),
ADD COLUMN     "confirmed_by" TEXT,
ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en',
ALTER COLUMN "unsubscribe_token" DROP NOT NULL;

-- CreateTable
CREATE TABLE "subscription_token" (
    "hash" TEXT NOT NULL,
    "subscription_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscription_token_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "install" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "install_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "install_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mail_transport" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "reason" TEXT,
    "since" TIMESTAMPTZ(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "paused_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mail_transport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "subscription_token_subscription_id_idx" ON "subscription_token"("subscription_id");

-- CreateIndex
CREATE UNIQUE INDEX "install_install_id_key" ON "install"("install_id");

-- AddForeignKey
ALTER TABLE "subscription_token" ADD CONSTRAINT "subscription_token_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill (hand-written): the plain unsubscribe tokens of links already sent keep working,
-- stored from now on only as their sha256 (the next migration drops the plain column), and a
-- subscription of an address confirmed before double opt-in counts as confirmed then.
INSERT INTO "subscription_token" ("hash", "subscription_id", "purpose", "created_at")
SELECT encode(sha256(convert_to("unsubscribe_token", 'UTF8')), 'hex'), "id", 'manage', "created_at"
FROM "subscription" WHERE "unsubscribe_token" IS NOT NULL;

UPDATE "subscription" AS s SET "confirmed_at" = r."confirmed_at", "confirmed_by" = 'before double opt-in'
FROM "subscriber" AS r WHERE r."id" = s."subscriber_id" AND r."confirmed_at" IS NOT NULL;

UPDATE "subscriber" SET "confirmed_by" = 'before double opt-in' WHERE "confirmed_at" IS NOT NULL;
