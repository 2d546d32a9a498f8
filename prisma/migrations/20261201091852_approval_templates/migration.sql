-- AlterTable
ALTER TABLE "ProjectFlow" ADD COLUMN     "instanceUrl" VARCHAR(500),
ADD COLUMN     "processCode" VARCHAR(100);

-- CreateTable
CREATE TABLE "ApprovalTemplate" (
    "id" SERIAL NOT NULL,
    "flowType" "FlowType" NOT NULL,
    "processCode" VARCHAR(100) NOT NULL,
    "fieldMap" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApprovalTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalTemplate_flowType_key" ON "ApprovalTemplate"("flowType");

-- Runs started before 审批模板 existed were created with the built-in code PROC-GENTOU-<TYPE>
UPDATE "ProjectFlow" SET "processCode" = 'PROC-GENTOU-' || replace("type"::text, '_', '-') WHERE "processCode" IS NULL;
