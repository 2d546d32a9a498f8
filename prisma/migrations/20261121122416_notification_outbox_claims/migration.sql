-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "jobId" VARCHAR(64),
ADD COLUMN     "reconciledAt" TIMESTAMP(3),
ADD COLUMN     "sendingAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Notification_status_updatedAt_idx" ON "Notification"("status", "updatedAt");
