-- CreateTable
CREATE TABLE "VoucherRule" (
    "id" SERIAL NOT NULL,
    "scope" VARCHAR(30) NOT NULL,
    "entityId" INTEGER,
    "kind" VARCHAR(30) NOT NULL,
    "word" VARCHAR(4) NOT NULL,
    "grouping" VARCHAR(10) NOT NULL,
    "debitCode" VARCHAR(40) NOT NULL,
    "debitName" VARCHAR(100) NOT NULL,
    "debitAux" TEXT[],
    "creditCode" VARCHAR(40) NOT NULL,
    "creditName" VARCHAR(100) NOT NULL,
    "creditAux" TEXT[],
    "summaryTemplate" VARCHAR(200) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VoucherRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoucherPeriod" (
    "id" SERIAL NOT NULL,
    "entityId" INTEGER NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "exportedAt" TIMESTAMP(3),
    "exportedById" INTEGER,
    "lastNo" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VoucherPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Voucher" (
    "id" SERIAL NOT NULL,
    "entityId" INTEGER NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "number" INTEGER NOT NULL,
    "word" VARCHAR(4) NOT NULL,
    "date" DATE NOT NULL,
    "kind" VARCHAR(30) NOT NULL,
    "groupKey" VARCHAR(160) NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,
    "summary" VARCHAR(200) NOT NULL,
    "totalDebit" DECIMAL(18,2) NOT NULL,
    "totalCredit" DECIMAL(18,2) NOT NULL,
    "reversalOfId" INTEGER,
    "reversedAt" TIMESTAMP(3),
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Voucher_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoucherLine" (
    "id" SERIAL NOT NULL,
    "voucherId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "summary" VARCHAR(200) NOT NULL,
    "accountCode" VARCHAR(40) NOT NULL,
    "accountName" VARCHAR(100) NOT NULL,
    "debit" DECIMAL(18,2) NOT NULL,
    "credit" DECIMAL(18,2) NOT NULL,
    "partnerId" INTEGER,
    "partnerName" VARCHAR(100),
    "partnerCode" VARCHAR(64),
    "projectId" INTEGER,
    "projectCode" VARCHAR(50),
    "projectName" VARCHAR(100),
    "movementKind" VARCHAR(30) NOT NULL,
    "sourceType" VARCHAR(30) NOT NULL,
    "sourceId" INTEGER NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,

    CONSTRAINT "VoucherLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VoucherRule_scope_kind_key" ON "VoucherRule"("scope", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "VoucherPeriod_entityId_period_key" ON "VoucherPeriod"("entityId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "Voucher_reversalOfId_key" ON "Voucher"("reversalOfId");

-- CreateIndex
CREATE INDEX "Voucher_entityId_groupKey_idx" ON "Voucher"("entityId", "groupKey");

-- CreateIndex
CREATE INDEX "Voucher_entityId_period_kind_idx" ON "Voucher"("entityId", "period", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Voucher_entityId_period_number_key" ON "Voucher"("entityId", "period", "number");

-- CreateIndex
CREATE INDEX "VoucherLine_sourceType_sourceId_idx" ON "VoucherLine"("sourceType", "sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "VoucherLine_voucherId_seq_key" ON "VoucherLine"("voucherId", "seq");

-- AddForeignKey
ALTER TABLE "VoucherLine" ADD CONSTRAINT "VoucherLine_voucherId_fkey" FOREIGN KEY ("voucherId") REFERENCES "Voucher"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
