-- CreateEnum
CREATE TYPE "GrantRequestKind" AS ENUM ('ROLE', 'PROJECT');

-- CreateEnum
CREATE TYPE "GrantRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REFUSED');

-- CreateTable
CREATE TABLE "GrantRequest" (
    "id" SERIAL NOT NULL,
    "kind" "GrantRequestKind" NOT NULL,
    "status" "GrantRequestStatus" NOT NULL DEFAULT 'PENDING',
    "userId" INTEGER NOT NULL,
    "roleId" INTEGER NOT NULL,
    "projectId" INTEGER,
    "requestedById" INTEGER,
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "reason" VARCHAR(500),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GrantRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GrantRequest_status_idx" ON "GrantRequest"("status");

-- CreateIndex
CREATE INDEX "GrantRequest_userId_idx" ON "GrantRequest"("userId");
