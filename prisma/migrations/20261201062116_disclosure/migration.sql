-- CreateEnum
CREATE TYPE "DisclosureStatus" AS ENUM ('DRAFT', 'FLOW', 'IN_REVIEW', 'APPROVED', 'RETURNED');

-- CreateTable
CREATE TABLE "DynamicIndicator" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "period" VARCHAR(6) NOT NULL,
    "salesRevenue" DECIMAL(18,2),
    "totalCost" DECIMAL(18,2),
    "netProfit" DECIMAL(18,2),
    "netMargin" DECIMAL(9,6),
    "irr" DECIMAL(9,6),
    "paybackMonths" INTEGER,
    "milestones" JSONB,
    "note" VARCHAR(500),
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DynamicIndicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Disclosure" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "period" VARCHAR(6) NOT NULL,
    "status" "DisclosureStatus" NOT NULL DEFAULT 'DRAFT',
    "narrative" TEXT NOT NULL,
    "snapshot" JSONB,
    "returnReason" VARCHAR(500),
    "approvedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Disclosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureRecipient" (
    "disclosureId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "digestId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisclosureRecipient_pkey" PRIMARY KEY ("disclosureId","userId")
);

-- CreateTable
CREATE TABLE "DisclosureDigest" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisclosureDigest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DynamicIndicator_projectId_idx" ON "DynamicIndicator"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "DynamicIndicator_projectId_period_key" ON "DynamicIndicator"("projectId", "period");

-- CreateIndex
CREATE INDEX "Disclosure_projectId_period_idx" ON "Disclosure"("projectId", "period");

-- CreateIndex
CREATE INDEX "Disclosure_status_idx" ON "Disclosure"("status");

-- CreateIndex
CREATE INDEX "DisclosureRecipient_digestId_idx" ON "DisclosureRecipient"("digestId");

-- CreateIndex
CREATE INDEX "DisclosureRecipient_userId_idx" ON "DisclosureRecipient"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "DisclosureDigest_userId_day_key" ON "DisclosureDigest"("userId", "day");

-- AddForeignKey
ALTER TABLE "DisclosureRecipient" ADD CONSTRAINT "DisclosureRecipient_disclosureId_fkey" FOREIGN KEY ("disclosureId") REFERENCES "Disclosure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisclosureRecipient" ADD CONSTRAINT "DisclosureRecipient_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "DisclosureDigest"("id") ON DELETE SET NULL ON UPDATE CASCADE;
