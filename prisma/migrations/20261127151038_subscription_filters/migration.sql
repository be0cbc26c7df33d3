-- AlterTable
ALTER TABLE "subscription" ADD COLUMN     "filter_actors" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "filter_places" TEXT[] DEFAULT ARRAY[]::TEXT[];
