-- 分配: 分配账户 (account number sealed with AES-256-GCM), distribution batches and their lines.

-- CreateEnum
CREATE TYPE "DistributionAccountStatus" AS ENUM ('UNCONFIRMED', 'CONFIRMED', 'CORRECTION_PENDING');

-- CreateEnum
CREATE TYPE "DistributionKind" AS ENUM ('PRINCIPAL', 'PROFIT', 'CLEARING');

-- CreateEnum
CREATE TYPE "DistributionMode" AS ENUM ('COMPUTED', 'MANUAL');

-- CreateEnum
CREATE TYPE "DistributionBatchStatus" AS ENUM ('DRAFT', 'CALCULATED', 'SUBMITTED', 'APPROVED', 'FLOW', 'FLOW_DONE', 'NOTIFIED', 'PAID', 'LOCKED');

-- CreateTable
CREATE TABLE "DistributionAccount" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "accountName" VARCHAR(100) NOT NULL,
    "bankName" VARCHAR(100) NOT NULL,
    "branchName" VARCHAR(100),
    "accountNoEnc" VARCHAR(400) NOT NULL,
    "accountNoLast4" VARCHAR(4) NOT NULL,
    "status" "DistributionAccountStatus" NOT NULL DEFAULT 'UNCONFIRMED',
    "confirmedAt" TIMESTAMP(3),
    "confirmationRequestedAt" TIMESTAMP(3),
    "pendingAccountName" VARCHAR(100),
    "pendingBankName" VARCHAR(100),
    "pendingBranchName" VARCHAR(100),
    "pendingAccountNoEnc" VARCHAR(400),
    "pendingAccountNoLast4" VARCHAR(4),
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DistributionAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DistributionBatch" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "kind" "DistributionKind" NOT NULL,
    "seq" INTEGER NOT NULL,
    "mode" "DistributionMode" NOT NULL DEFAULT 'COMPUTED',
    "date" DATE NOT NULL,
    "status" "DistributionBatchStatus" NOT NULL DEFAULT 'DRAFT',
    "settings" JSONB NOT NULL,
    "profitInput" JSONB,
    "adjustments" JSONB NOT NULL DEFAULT '[]',
    "interestOverrides" JSONB NOT NULL DEFAULT '[]',
    "profitTotal" DECIMAL(18,2),
    "actualPeak" DECIMAL(18,2),
    "levels" JSONB,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "manualUnlocked" BOOLEAN NOT NULL DEFAULT false,
    "calculatedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DistributionBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DistributionLine" (
    "id" SERIAL NOT NULL,
    "batchId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "level" "InvestorLevel" NOT NULL,
    "holder" "CapitalHolder" NOT NULL,
    "userId" INTEGER,
    "name" VARCHAR(100) NOT NULL,
    "marks" TEXT[],
    "principal" DECIMAL(18,2) NOT NULL,
    "interest" DECIMAL(18,2) NOT NULL,
    "interestComputed" DECIMAL(18,2),
    "interestOverrideReason" VARCHAR(500),
    "other" DECIMAL(18,2) NOT NULL,
    "otherItems" JSONB NOT NULL DEFAULT '[]',
    "principalNet" DECIMAL(18,2) NOT NULL,
    "principalTotal" DECIMAL(18,2) NOT NULL,
    "weight" VARCHAR(60) NOT NULL,
    "profit" DECIMAL(18,2) NOT NULL,
    "tax" DECIMAL(18,2) NOT NULL,
    "profitNet" DECIMAL(18,2) NOT NULL,
    "totalExclOther" DECIMAL(18,2) NOT NULL,
    "payout" DECIMAL(18,2) NOT NULL,
    "excluded" VARCHAR(200),
    "noticeSentAt" TIMESTAMP(3),
    "paidAt" DATE,

    CONSTRAINT "DistributionLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DistributionAccount_userId_key" ON "DistributionAccount"("userId");

-- CreateIndex
CREATE INDEX "DistributionBatch_status_date_idx" ON "DistributionBatch"("status", "date");

-- CreateIndex
CREATE UNIQUE INDEX "DistributionBatch_projectId_kind_seq_key" ON "DistributionBatch"("projectId", "kind", "seq");

-- CreateIndex
CREATE INDEX "DistributionLine_userId_idx" ON "DistributionLine"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "DistributionLine_batchId_seq_key" ON "DistributionLine"("batchId", "seq");

-- AddForeignKey
ALTER TABLE "DistributionLine" ADD CONSTRAINT "DistributionLine_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "DistributionBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
