-- CreateEnum
CREATE TYPE "ExportKind" AS ENUM ('PARTNER_HOLDINGS', 'PAYMENTS', 'PROJECT_KPIS');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'EXPIRED');

-- CreateTable
CREATE TABLE "ExportFile" (
    "id" SERIAL NOT NULL,
    "kind" "ExportKind" NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'QUEUED',
    "requestedById" INTEGER NOT NULL,
    "projectIds" INTEGER[],
    "allProjects" BOOLEAN NOT NULL DEFAULT false,
    "rowsDone" INTEGER NOT NULL DEFAULT 0,
    "rowsTotal" INTEGER,
    "fileName" VARCHAR(200) NOT NULL,
    "largeObjectId" BIGINT,
    "sizeBytes" INTEGER,
    "error" VARCHAR(500),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "ExportFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExportFile_requestedById_createdAt_idx" ON "ExportFile"("requestedById", "createdAt");

-- CreateIndex
CREATE INDEX "ExportFile_status_expiresAt_idx" ON "ExportFile"("status", "expiresAt");
