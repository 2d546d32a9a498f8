-- Payment dues generalised for 补缴 / 退款, the ledger entry of each payment confirmation, late-entry pricing,
-- and the capital ledger's foreign keys. No semicolon inside strings or comments (the script is split at each one).

-- CreateEnum
CREATE TYPE "LateEntryPricing" AS ENUM ('AT_COST', 'WITH_INTEREST');

-- CreateEnum
CREATE TYPE "DueKind" AS ENUM ('INITIAL', 'TOPUP', 'REFUND');

-- DropForeignKey
ALTER TABLE "PaymentDue" DROP CONSTRAINT "PaymentDue_roundPartnerId_fkey";

-- AlterTable: new columns nullable first, backfilled from the round line, then NOT NULL
ALTER TABLE "PaymentDue" ADD COLUMN     "dueKey" VARCHAR(100),
ADD COLUMN     "kind" "DueKind" NOT NULL DEFAULT 'INITIAL',
ADD COLUMN     "level" "InvestorLevel",
ADD COLUMN     "schemeChangeId" INTEGER,
ALTER COLUMN "roundPartnerId" DROP NOT NULL;

UPDATE "PaymentDue" pd SET "level" = rp."level", "dueKey" = 'initial:' || rp.id
FROM "RoundPartner" rp WHERE rp.id = pd."roundPartnerId";

ALTER TABLE "PaymentDue" ALTER COLUMN "dueKey" SET NOT NULL,
ALTER COLUMN "level" SET NOT NULL;

-- AlterTable
ALTER TABLE "PaymentRecord" ADD COLUMN     "capitalEntryId" INTEGER;

-- link the migrated payment confirmations to the entries the ledger backfill wrote for them
UPDATE "PaymentRecord" pr SET "capitalEntryId" = ce.id
FROM "CapitalEntry" ce WHERE ce."idempotencyKey" = 'migrated:payment-record:' || pr.id;

-- AlterTable
ALTER TABLE "ProjectScheme" ADD COLUMN     "lateEntryPricing" "LateEntryPricing" NOT NULL DEFAULT 'AT_COST',
ADD COLUMN     "lateEntryRate" DECIMAL(9,6) NOT NULL DEFAULT 0.1;

-- CreateIndex
CREATE UNIQUE INDEX "PaymentDue_dueKey_key" ON "PaymentDue"("dueKey");

-- CreateIndex
CREATE INDEX "PaymentDue_schemeChangeId_idx" ON "PaymentDue"("schemeChangeId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentRecord_capitalEntryId_key" ON "PaymentRecord"("capitalEntryId");

-- AddForeignKey
ALTER TABLE "CapitalEntry" ADD CONSTRAINT "CapitalEntry_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapitalEntry" ADD CONSTRAINT "CapitalEntry_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapitalEntry" ADD CONSTRAINT "CapitalEntry_reversalOfId_fkey" FOREIGN KEY ("reversalOfId") REFERENCES "CapitalEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapitalEntry" ADD CONSTRAINT "CapitalEntry_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "SubscriptionRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapitalEntry" ADD CONSTRAINT "CapitalEntry_roundPartnerId_fkey" FOREIGN KEY ("roundPartnerId") REFERENCES "RoundPartner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapitalEntry" ADD CONSTRAINT "CapitalEntry_paymentDueId_fkey" FOREIGN KEY ("paymentDueId") REFERENCES "PaymentDue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentDue" ADD CONSTRAINT "PaymentDue_roundPartnerId_fkey" FOREIGN KEY ("roundPartnerId") REFERENCES "RoundPartner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentDue" ADD CONSTRAINT "PaymentDue_schemeChangeId_fkey" FOREIGN KEY ("schemeChangeId") REFERENCES "SchemeChange"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentRecord" ADD CONSTRAINT "PaymentRecord_capitalEntryId_fkey" FOREIGN KEY ("capitalEntryId") REFERENCES "CapitalEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
