-- AlterTable
ALTER TABLE "alert" ADD COLUMN     "assessment" JSONB;
