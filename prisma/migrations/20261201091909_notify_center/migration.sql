-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "resends" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "SetupTestResult" (
    "id" SERIAL NOT NULL,
    "target" VARCHAR(50) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "code" VARCHAR(100),
    "message" TEXT NOT NULL,
    "testedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "testedById" INTEGER,

    CONSTRAINT "SetupTestResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SetupTestResult_target_key" ON "SetupTestResult"("target");
