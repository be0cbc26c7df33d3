-- AlterTable
ALTER TABLE "subscriber" ADD COLUMN     "webhook_url" TEXT,
ALTER COLUMN "email" DROP NOT NULL;

-- AlterTable
ALTER TABLE "subscription" ADD COLUMN     "webhook_secret" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "subscriber_webhook_url_key" ON "subscriber"("webhook_url");
