-- the ledger at the distribution date as of 测算, re-checked at 送审 and 发放
ALTER TABLE "DistributionBatch" ADD COLUMN "ledgerFingerprint" VARCHAR(64);
