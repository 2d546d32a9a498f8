-- CreateEnum
CREATE TYPE "ExitStatus" AS ENUM ('CALCULATED', 'FLOW_RUNNING', 'COMPLETED', 'REJECTED', 'PAID');

-- CreateTable
CREATE TABLE "ExitSetting" (
    "id" SERIAL NOT NULL,
    "scope" VARCHAR(30) NOT NULL,
    "projectId" INTEGER,
    "settings" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExitSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerExit" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "status" "ExitStatus" NOT NULL DEFAULT 'CALCULATED',
    "exitType" VARCHAR(32) NOT NULL,
    "exitTypeLabel" VARCHAR(20) NOT NULL,
    "exitDate" DATE NOT NULL,
    "manualInputs" JSONB NOT NULL,
    "pricing" JSONB NOT NULL,
    "fingerprint" VARCHAR(80) NOT NULL,
    "total" DECIMAL(18,2) NOT NULL,
    "calculatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "calculatedById" INTEGER NOT NULL,
    "editReason" VARCHAR(200),
    "flowId" INTEGER,
    "completedAt" TIMESTAMP(3),
    "payoutAmount" DECIMAL(18,2),
    "payoutOn" DATE,
    "payoutAccount" VARCHAR(100),
    "payoutNote" VARCHAR(200),
    "payoutDifference" DECIMAL(18,2),
    "payoutKey" VARCHAR(120),
    "payoutById" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartnerExit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExitSetting_scope_key" ON "ExitSetting"("scope");

-- CreateIndex
CREATE UNIQUE INDEX "ExitSetting_projectId_key" ON "ExitSetting"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerExit_payoutKey_key" ON "PartnerExit"("payoutKey");

-- CreateIndex
CREATE INDEX "PartnerExit_projectId_status_idx" ON "PartnerExit"("projectId", "status");

-- CreateIndex
CREATE INDEX "PartnerExit_userId_idx" ON "PartnerExit"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerExit_projectId_userId_key" ON "PartnerExit"("projectId", "userId");

-- AddForeignKey
ALTER TABLE "ExitSetting" ADD CONSTRAINT "ExitSetting_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerExit" ADD CONSTRAINT "PartnerExit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerExit" ADD CONSTRAINT "PartnerExit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
