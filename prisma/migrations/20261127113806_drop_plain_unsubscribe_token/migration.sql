-- DropIndex
DROP INDEX "subscription_unsubscribe_token_key";

-- AlterTable
ALTER TABLE "subscription" DROP COLUMN "unsubscribe_token";
