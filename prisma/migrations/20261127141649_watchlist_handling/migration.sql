-- AlterTable
ALTER TABLE "watchlist" ADD COLUMN     "handling" TEXT;
