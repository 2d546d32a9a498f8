-- CreateEnum
CREATE TYPE "InvestorLevel" AS ENUM ('HOLDING', 'GROUP', 'CITY', 'OTHER');

-- CreateEnum
CREATE TYPE "TieBreak" AS ENUM ('PRO_RATA', 'PAYMENT_ORDER');

-- CreateEnum
CREATE TYPE "MilestoneKind" AS ENUM ('LAND', 'CONSTRUCTION_START', 'SALES_START', 'CASHFLOW_POSITIVE', 'COMPLETION', 'DELIVERY', 'LIQUIDATION');

-- CreateEnum
CREATE TYPE "IndicatorPhase" AS ENUM ('APPROVAL', 'DYNAMIC');

-- CreateEnum
CREATE TYPE "RoundKind" AS ENUM ('INITIAL', 'SUPPLEMENT');

-- CreateEnum
CREATE TYPE "RoundStatus" AS ENUM ('DRAFT', 'OPEN', 'CALCULATED', 'IN_REVIEW', 'APPROVED', 'CONFIRMED', 'CLOSED');

-- CreateEnum
CREATE TYPE "PartnerCategory" AS ENUM ('MANDATORY', 'PRIORITY', 'VOLUNTARY');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('UNPAID', 'PARTIAL', 'PAID', 'FORFEITED');

-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FlowType" AS ENUM ('PEAK_CAPITAL', 'SCHEME_APPROVAL', 'PEAK_ADJUSTMENT', 'SCHEME_CHANGE', 'SUPPLEMENT_APPROVAL', 'ACTUAL_PEAK', 'PRINCIPAL_DISTRIBUTION', 'PROFIT_DISTRIBUTION_1', 'PROFIT_DISTRIBUTION_2', 'PROFIT_DISTRIBUTION_3', 'DISCLOSURE', 'EXIT');

-- CreateEnum
CREATE TYPE "FlowStatus" AS ENUM ('RUNNING', 'COMPLETED', 'REJECTED', 'TERMINATED', 'RESET');

-- CreateTable
CREATE TABLE "ProjectBasics" (
    "projectId" INTEGER NOT NULL,
    "address" VARCHAR(200),
    "landArea" DECIMAL(18,2),
    "floorArea" DECIMAL(18,2),
    "saleableArea" DECIMAL(18,2),
    "landPrice" DECIMAL(18,2),
    "totalInvestment" DECIMAL(18,2),
    "productType" VARCHAR(100),
    "description" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectBasics_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "Shareholder" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "equityRatio" DECIMAL(9,6) NOT NULL,
    "isOurs" BOOLEAN NOT NULL DEFAULT false,
    "capitalContribution" DECIMAL(18,2),
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Shareholder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectScheme" (
    "projectId" INTEGER NOT NULL,
    "peakCapital" DECIMAL(18,2) NOT NULL,
    "holdingRatio" DECIMAL(9,6) NOT NULL DEFAULT 0,
    "groupRatio" DECIMAL(9,6) NOT NULL DEFAULT 0,
    "cityRatio" DECIMAL(9,6) NOT NULL DEFAULT 0,
    "otherRatio" DECIMAL(9,6) NOT NULL DEFAULT 0,
    "totalRatio" DECIMAL(9,6) NOT NULL,
    "maxTotalRatio" DECIMAL(9,6) NOT NULL DEFAULT 0.1,
    "perPersonCapRatio" DECIMAL(9,6),
    "allocationUnit" DECIMAL(18,2) NOT NULL DEFAULT 1,
    "tieBreak" "TieBreak" NOT NULL DEFAULT 'PRO_RATA',
    "payeeName" VARCHAR(100),
    "payeeBank" VARCHAR(100),
    "payeeAccount" VARCHAR(50),
    "paymentDueDays" INTEGER NOT NULL DEFAULT 15,
    "voluntaryForfeit" BOOLEAN NOT NULL DEFAULT true,
    "reminderOffsetsDays" INTEGER[] DEFAULT ARRAY[1, 0]::INTEGER[],
    "peakConfirmedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectScheme_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "Milestone" (
    "projectId" INTEGER NOT NULL,
    "kind" "MilestoneKind" NOT NULL,
    "plannedOn" DATE NOT NULL,
    "actualOn" DATE,

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("projectId","kind")
);

-- CreateTable
CREATE TABLE "ProfitIndicator" (
    "projectId" INTEGER NOT NULL,
    "phase" "IndicatorPhase" NOT NULL,
    "salesRevenue" DECIMAL(18,2),
    "totalCost" DECIMAL(18,2),
    "netProfit" DECIMAL(18,2),
    "netMargin" DECIMAL(9,6),
    "irr" DECIMAL(9,6),
    "paybackMonths" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProfitIndicator_pkey" PRIMARY KEY ("projectId","phase")
);

-- CreateTable
CREATE TABLE "SubscriptionRound" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "kind" "RoundKind" NOT NULL,
    "seq" INTEGER NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "dueDate" DATE,
    "status" "RoundStatus" NOT NULL DEFAULT 'DRAFT',
    "noticeSentAt" TIMESTAMP(3),
    "calculatedAt" TIMESTAMP(3),
    "calcSnapshot" JSONB,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundPartner" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "level" "InvestorLevel" NOT NULL,
    "category" "PartnerCategory" NOT NULL,
    "minAmount" DECIMAL(18,2) NOT NULL,
    "maxAmount" DECIMAL(18,2) NOT NULL,
    "subscribedAmount" DECIMAL(18,2),
    "subscribedAt" TIMESTAMP(3),
    "allocatedAmount" DECIMAL(18,2),
    "investedAmount" DECIMAL(18,2),
    "editedById" INTEGER,
    "editReason" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoundPartner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlatformAllocation" (
    "roundId" INTEGER NOT NULL,
    "level" "InvestorLevel" NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,

    CONSTRAINT "PlatformAllocation_pkey" PRIMARY KEY ("roundId","level")
);

-- CreateTable
CREATE TABLE "PaymentDue" (
    "id" SERIAL NOT NULL,
    "roundPartnerId" INTEGER NOT NULL,
    "projectId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "amountDue" DECIMAL(18,2) NOT NULL,
    "paidAmount" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "dueDate" DATE NOT NULL,
    "status" "PaymentStatus" NOT NULL DEFAULT 'UNPAID',
    "noticeSentAt" TIMESTAMP(3),
    "lastReminderAt" TIMESTAMP(3),
    "partnerMarkedPaidAt" TIMESTAMP(3),
    "receiptFile" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaymentDue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentRecord" (
    "id" SERIAL NOT NULL,
    "paymentDueId" INTEGER NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "paidOn" DATE NOT NULL,
    "idempotencyKey" VARCHAR(100) NOT NULL,
    "confirmedById" INTEGER NOT NULL,
    "note" VARCHAR(200),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" SERIAL NOT NULL,
    "subjectType" VARCHAR(30) NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "projectId" INTEGER NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "status" "ReviewStatus" NOT NULL DEFAULT 'PENDING',
    "submittedById" INTEGER NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "reason" VARCHAR(500),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectFlow" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "type" "FlowType" NOT NULL,
    "run" INTEGER NOT NULL DEFAULT 1,
    "status" "FlowStatus" NOT NULL DEFAULT 'RUNNING',
    "subjectType" VARCHAR(30),
    "subjectId" INTEGER,
    "instanceId" VARCHAR(100),
    "form" JSONB,
    "startedById" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "result" VARCHAR(20),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProjectFlow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Shareholder_projectId_idx" ON "Shareholder"("projectId");

-- CreateIndex
CREATE INDEX "SubscriptionRound_projectId_idx" ON "SubscriptionRound"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionRound_projectId_seq_key" ON "SubscriptionRound"("projectId", "seq");

-- CreateIndex
CREATE INDEX "RoundPartner_userId_idx" ON "RoundPartner"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundPartner_roundId_userId_key" ON "RoundPartner"("roundId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentDue_roundPartnerId_key" ON "PaymentDue"("roundPartnerId");

-- CreateIndex
CREATE INDEX "PaymentDue_projectId_idx" ON "PaymentDue"("projectId");

-- CreateIndex
CREATE INDEX "PaymentDue_userId_idx" ON "PaymentDue"("userId");

-- CreateIndex
CREATE INDEX "PaymentDue_status_dueDate_idx" ON "PaymentDue"("status", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentRecord_idempotencyKey_key" ON "PaymentRecord"("idempotencyKey");

-- CreateIndex
CREATE INDEX "PaymentRecord_paymentDueId_idx" ON "PaymentRecord"("paymentDueId");

-- CreateIndex
CREATE INDEX "Review_status_submittedAt_idx" ON "Review"("status", "submittedAt");

-- CreateIndex
CREATE INDEX "Review_subjectType_subjectId_idx" ON "Review"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "Review_projectId_idx" ON "Review"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectFlow_instanceId_key" ON "ProjectFlow"("instanceId");

-- CreateIndex
CREATE INDEX "ProjectFlow_projectId_idx" ON "ProjectFlow"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectFlow_projectId_type_run_key" ON "ProjectFlow"("projectId", "type", "run");

-- AddForeignKey
ALTER TABLE "ProjectBasics" ADD CONSTRAINT "ProjectBasics_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Shareholder" ADD CONSTRAINT "Shareholder_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectScheme" ADD CONSTRAINT "ProjectScheme_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfitIndicator" ADD CONSTRAINT "ProfitIndicator_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionRound" ADD CONSTRAINT "SubscriptionRound_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundPartner" ADD CONSTRAINT "RoundPartner_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "SubscriptionRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundPartner" ADD CONSTRAINT "RoundPartner_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentDue" ADD CONSTRAINT "PaymentDue_roundPartnerId_fkey" FOREIGN KEY ("roundPartnerId") REFERENCES "RoundPartner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentDue" ADD CONSTRAINT "PaymentDue_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentDue" ADD CONSTRAINT "PaymentDue_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentRecord" ADD CONSTRAINT "PaymentRecord_paymentDueId_fkey" FOREIGN KEY ("paymentDueId") REFERENCES "PaymentDue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectFlow" ADD CONSTRAINT "ProjectFlow_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
