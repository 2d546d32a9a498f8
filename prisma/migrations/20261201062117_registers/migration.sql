-- CreateEnum
CREATE TYPE "MinorityHolderType" AS ENUM ('PERSON', 'COMPANY');

-- CreateEnum
CREATE TYPE "MinorityHolderStatus" AS ENUM ('DRAFT', 'PENDING', 'APPROVED', 'RETURNED');

-- CreateEnum
CREATE TYPE "MinorityBatchStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED', 'PAID');

-- CreateTable
CREATE TABLE "MinorityHolder" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "type" "MinorityHolderType" NOT NULL,
    "certificateNoEnc" TEXT NOT NULL,
    "certificateHint" VARCHAR(20) NOT NULL,
    "certificateHash" VARCHAR(64) NOT NULL,
    "holdingRatio" DECIMAL(9,4) NOT NULL,
    "bankName" VARCHAR(100),
    "bankAccountEnc" TEXT,
    "contactName" VARCHAR(50),
    "contactPhone" VARCHAR(30),
    "status" "MinorityHolderStatus" NOT NULL DEFAULT 'DRAFT',
    "returnReason" VARCHAR(500),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MinorityHolder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MinorityBatch" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "distributionDate" DATE,
    "status" "MinorityBatchStatus" NOT NULL DEFAULT 'DRAFT',
    "total" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "returnReason" VARCHAR(500),
    "paidOn" DATE,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MinorityBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MinorityBatchLine" (
    "id" SERIAL NOT NULL,
    "batchId" INTEGER NOT NULL,
    "holderId" INTEGER NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "note" VARCHAR(200),

    CONSTRAINT "MinorityBatchLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MandatoryInvestor" (
    "id" SERIAL NOT NULL,
    "orgUnitId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "position" VARCHAR(50) NOT NULL,
    "level" "InvestorLevel" NOT NULL,
    "minAmount" DECIMAL(18,2) NOT NULL,
    "maxAmount" DECIMAL(18,2) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MandatoryInvestor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MandatoryAcknowledgement" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "reviewId" INTEGER,
    "warnings" JSONB NOT NULL,
    "acknowledgedById" INTEGER,
    "acknowledgedByName" VARCHAR(50),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MandatoryAcknowledgement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MinorityHolder_projectId_idx" ON "MinorityHolder"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "MinorityHolder_projectId_certificateHash_key" ON "MinorityHolder"("projectId", "certificateHash");

-- CreateIndex
CREATE INDEX "MinorityBatch_projectId_idx" ON "MinorityBatch"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "MinorityBatch_projectId_seq_key" ON "MinorityBatch"("projectId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "MinorityBatchLine_batchId_holderId_key" ON "MinorityBatchLine"("batchId", "holderId");

-- CreateIndex
CREATE INDEX "MandatoryInvestor_userId_idx" ON "MandatoryInvestor"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "MandatoryInvestor_orgUnitId_userId_key" ON "MandatoryInvestor"("orgUnitId", "userId");

-- CreateIndex
CREATE INDEX "MandatoryAcknowledgement_roundId_idx" ON "MandatoryAcknowledgement"("roundId");

-- AddForeignKey
ALTER TABLE "MinorityBatchLine" ADD CONSTRAINT "MinorityBatchLine_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "MinorityBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinorityBatchLine" ADD CONSTRAINT "MinorityBatchLine_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "MinorityHolder"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
