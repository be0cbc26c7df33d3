-- AlterTable
ALTER TABLE "actor" ADD COLUMN     "ambiguous" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "alert" ADD COLUMN     "withdrawn_at" TIMESTAMPTZ(3),
ADD COLUMN     "withdrawn_reason" TEXT;

-- AlterTable
ALTER TABLE "match" ADD COLUMN     "reason" TEXT;

-- AlterTable
ALTER TABLE "place" ADD COLUMN     "ref" TEXT;
