-- AlterTable
ALTER TABLE "delivery" ADD COLUMN     "batch" TEXT,
ADD COLUMN     "batch_at" TIMESTAMPTZ(3),
ADD COLUMN     "slot_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "delivery_subscriber_id_slot_at_idx" ON "delivery"("subscriber_id", "slot_at");
