-- 缴款确认 keys are stored scoped to the caller, the project and the due (user/project/due/key), so they need more room
ALTER TABLE "PaymentRecord" ALTER COLUMN "idempotencyKey" SET DATA TYPE VARCHAR(200);
