-- CreateIndex
CREATE INDEX "Agreement_userId_status_idx" ON "Agreement"("userId", "status");
