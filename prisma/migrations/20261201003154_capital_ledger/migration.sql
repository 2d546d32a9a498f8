-- CreateEnum
CREATE TYPE "CapitalHolder" AS ENUM ('PARTNER', 'PLATFORM');

-- CreateEnum
CREATE TYPE "CapitalEntryKind" AS ENUM ('COMMITMENT', 'COMMITMENT_CHANGE', 'PAYMENT', 'REFUND', 'TRANSFER_OUT', 'TRANSFER_IN', 'PRINCIPAL_RETURN', 'ENTRY_INTEREST', 'REVERSAL');

-- CreateEnum
CREATE TYPE "SchemeChangeStatus" AS ENUM ('DRAFT', 'PEAK_FLOW', 'PEAK_APPROVED', 'CALCULATED', 'IN_REVIEW', 'APPROVED', 'CHANGE_FLOW', 'APPLIED', 'CANCELLED');

-- CreateTable
CREATE TABLE "CapitalEntry" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "level" "InvestorLevel" NOT NULL,
    "holder" "CapitalHolder" NOT NULL,
    "userId" INTEGER,
    "kind" "CapitalEntryKind" NOT NULL,
    "committedDelta" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "paidDelta" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "interestDelta" DECIMAL(18,2) NOT NULL DEFAULT 0,
    "valueDate" DATE NOT NULL,
    "reversalOfId" INTEGER,
    "roundId" INTEGER,
    "roundPartnerId" INTEGER,
    "adjustmentId" INTEGER,
    "paymentDueId" INTEGER,
    "exitId" INTEGER,
    "distributionId" INTEGER,
    "idempotencyKey" VARCHAR(120),
    "note" VARCHAR(500),
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CapitalEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchemeChange" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "status" "SchemeChangeStatus" NOT NULL DEFAULT 'DRAFT',
    "peakCapital" DECIMAL(18,2) NOT NULL,
    "holdingRatio" DECIMAL(9,6) NOT NULL,
    "groupRatio" DECIMAL(9,6) NOT NULL,
    "cityRatio" DECIMAL(9,6) NOT NULL,
    "otherRatio" DECIMAL(9,6) NOT NULL,
    "perPersonCapRatio" DECIMAL(9,6),
    "shareholders" JSONB,
    "oldPeakCapital" DECIMAL(18,2) NOT NULL,
    "oldHoldingRatio" DECIMAL(9,6) NOT NULL,
    "oldGroupRatio" DECIMAL(9,6) NOT NULL,
    "oldCityRatio" DECIMAL(9,6) NOT NULL,
    "oldOtherRatio" DECIMAL(9,6) NOT NULL,
    "oldPerPersonCapRatio" DECIMAL(9,6),
    "oldShareholders" JSONB,
    "reason" VARCHAR(500),
    "calculatedAt" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchemeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchemeChangeLine" (
    "id" SERIAL NOT NULL,
    "changeId" INTEGER NOT NULL,
    "level" "InvestorLevel" NOT NULL,
    "holder" "CapitalHolder" NOT NULL,
    "userId" INTEGER,
    "oldCommitted" DECIMAL(18,2) NOT NULL,
    "paid" DECIMAL(18,2) NOT NULL,
    "computedCommitted" DECIMAL(18,2) NOT NULL,
    "newCommitted" DECIMAL(18,2) NOT NULL,
    "delta" DECIMAL(18,2) NOT NULL,
    "editReason" VARCHAR(200),
    "editedById" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchemeChangeLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CapitalEntry_idempotencyKey_key" ON "CapitalEntry"("idempotencyKey");

-- CreateIndex
CREATE INDEX "CapitalEntry_projectId_level_idx" ON "CapitalEntry"("projectId", "level");

-- CreateIndex
CREATE INDEX "CapitalEntry_projectId_userId_idx" ON "CapitalEntry"("projectId", "userId");

-- CreateIndex
CREATE INDEX "CapitalEntry_projectId_valueDate_idx" ON "CapitalEntry"("projectId", "valueDate");

-- CreateIndex
CREATE INDEX "CapitalEntry_reversalOfId_idx" ON "CapitalEntry"("reversalOfId");

-- CreateIndex
CREATE INDEX "SchemeChange_projectId_status_idx" ON "SchemeChange"("projectId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SchemeChange_projectId_seq_key" ON "SchemeChange"("projectId", "seq");

-- CreateIndex
CREATE INDEX "SchemeChangeLine_changeId_idx" ON "SchemeChangeLine"("changeId");

-- CreateIndex
CREATE UNIQUE INDEX "SchemeChangeLine_changeId_level_holder_userId_key" ON "SchemeChangeLine"("changeId", "level", "holder", "userId");

-- AddForeignKey
ALTER TABLE "SchemeChangeLine" ADD CONSTRAINT "SchemeChangeLine_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "SchemeChange"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------------------------
-- The ledger is immutable: corrections are new entries (REVERSAL with "reversalOfId"), never edits.
-- The body is an E'' string with \073 for each semicolon: Prisma's migration runner (adapter-pg executeScript)
-- splits the script at every semicolon, so no statement may contain one literally (nor may a comment).
CREATE FUNCTION "capital_entry_immutable"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  RAISE EXCEPTION ''资金台账不可修改或删除（%），请记录冲销分录 / CapitalEntry is immutable: record a REVERSAL entry'', TG_OP
    USING ERRCODE = ''P0001''\073
END'
;

CREATE TRIGGER "CapitalEntry_no_update_delete" BEFORE UPDATE OR DELETE ON "CapitalEntry"
  FOR EACH ROW EXECUTE FUNCTION "capital_entry_immutable"();
CREATE TRIGGER "CapitalEntry_no_truncate" BEFORE TRUNCATE ON "CapitalEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "capital_entry_immutable"();

-- Shapes every writer must respect (signs per kind: server/modules/capital/README.md). A trigger rather than CHECK
-- constraints: the Wasm schema engine's describer cannot read CHECK constraints (the drift test would panic).
CREATE FUNCTION "capital_entry_shape"() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE
  k text := NEW."kind"::text\073
  ok boolean\073
BEGIN
  ok := CASE
    WHEN (NEW."holder" = ''PLATFORM'') <> (NEW."userId" IS NULL) THEN false
    WHEN (k = ''REVERSAL'') <> (NEW."reversalOfId" IS NOT NULL) THEN false
    WHEN k = ''PAYMENT'' THEN NEW."paidDelta" > 0 AND NEW."committedDelta" = 0 AND NEW."interestDelta" = 0
    WHEN k IN (''REFUND'', ''PRINCIPAL_RETURN'') THEN NEW."paidDelta" < 0 AND NEW."committedDelta" = 0 AND NEW."interestDelta" = 0
    WHEN k IN (''COMMITMENT'', ''COMMITMENT_CHANGE'') THEN NEW."paidDelta" = 0 AND NEW."interestDelta" = 0
    WHEN k = ''TRANSFER_OUT'' THEN NEW."committedDelta" <= 0 AND NEW."paidDelta" <= 0 AND NEW."interestDelta" = 0
    WHEN k = ''TRANSFER_IN'' THEN NEW."committedDelta" >= 0 AND NEW."paidDelta" >= 0 AND NEW."interestDelta" = 0
    WHEN k = ''ENTRY_INTEREST'' THEN NEW."interestDelta" > 0 AND NEW."committedDelta" = 0 AND NEW."paidDelta" = 0
    ELSE true
  END\073
  IF NOT ok THEN
    RAISE EXCEPTION ''资金台账分录不合规则（%）/ CapitalEntry shape violated: kind %, holder %, userId %, committed %, paid %, interest %'',
      k, k, NEW."holder", NEW."userId", NEW."committedDelta", NEW."paidDelta", NEW."interestDelta"
      USING ERRCODE = ''check_violation''\073
  END IF\073
  RETURN NEW\073
END'
;

CREATE TRIGGER "CapitalEntry_shape" BEFORE INSERT ON "CapitalEntry"
  FOR EACH ROW EXECUTE FUNCTION "capital_entry_shape"();

-- ---------------------------------------------------------------------------------------------------------------
-- capital-ledger backfill:begin
-- The ledger from the data recorded before it existed (idempotent: every entry has an idempotency key, so running
-- this again adds only what is missing, and server/modules/capital/backfill.int.test.ts runs this block on fresh data).
-- For each CONFIRMED / CLOSED round, at its confirmation date (the completed 立项 / 补充立项 flow, Asia/Shanghai,
-- or the round's last update when no flow row exists):
--   * a partner COMMITMENT per line with an 投资明细 (investedAmount),
--   * the project's first confirmed round: the platform's COMMITMENT per level = cap − Σ that round's partners,
--     where cap = round(资金峰值 × ratio, 2) as in shared/scheme-math (so it includes the sub-unit remainder that
--     PlatformAllocation leaves out),
--   * each later round (补投): the platform's COMMITMENT_CHANGE = − Σ that round's partners per level.
-- Then one PAYMENT per PaymentRecord at its paidOn date.
INSERT INTO "CapitalEntry" (
  "projectId", "level", "holder", "userId", "kind", "committedDelta", "paidDelta", "interestDelta", "valueDate",
  "roundId", "roundPartnerId", "paymentDueId", "idempotencyKey", "note"
)
WITH confirmed AS (
  SELECT r."id", r."projectId", r."seq",
    ((COALESCE(
        (SELECT max(f."completedAt") FROM "ProjectFlow" f
          WHERE f."subjectType" = 'ROUND' AND f."subjectId" = r."id" AND f."status" = 'COMPLETED'),
        r."updatedAt") AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai')::date AS "valueDate",
    row_number() OVER (PARTITION BY r."projectId" ORDER BY r."seq") AS "n"
  FROM "SubscriptionRound" r
  WHERE r."status" IN ('CONFIRMED', 'CLOSED')
),
lines AS (
  SELECT c."id" AS "roundId", c."projectId", c."valueDate", c."n", rp."id" AS "roundPartnerId", rp."userId",
    rp."level", rp."investedAmount" AS "amount"
  FROM confirmed c JOIN "RoundPartner" rp ON rp."roundId" = c."id"
  WHERE rp."investedAmount" IS NOT NULL AND rp."investedAmount" <> 0
),
levels AS (
  SELECT c."id" AS "roundId", c."projectId", c."valueDate", c."n", l."level",
    round(s."peakCapital" * CASE l."level"
      WHEN 'HOLDING' THEN s."holdingRatio" WHEN 'GROUP' THEN s."groupRatio"
      WHEN 'CITY' THEN s."cityRatio" ELSE s."otherRatio" END, 2) AS "cap",
    COALESCE((SELECT sum(x."amount") FROM lines x WHERE x."roundId" = c."id" AND x."level" = l."level"), 0) AS "partners",
    (SELECT pa."amount" FROM "PlatformAllocation" pa WHERE pa."roundId" = c."id" AND pa."level" = l."level") AS "recorded"
  FROM confirmed c
  JOIN "ProjectScheme" s ON s."projectId" = c."projectId"
  CROSS JOIN unnest(enum_range(NULL::"InvestorLevel")) AS l("level")
),
entries AS (
  SELECT x."projectId", x."level", 'PARTNER'::"CapitalHolder" AS "holder", x."userId",
    'COMMITMENT'::"CapitalEntryKind" AS "kind", x."amount" AS "committedDelta", 0::numeric AS "paidDelta",
    x."valueDate", x."roundId", x."roundPartnerId", NULL::integer AS "paymentDueId",
    'migrated:round-partner:' || x."roundPartnerId" AS "idempotencyKey", '迁移：认购轮次投资明细' AS "note",
    1 AS "ord", x."roundPartnerId" AS "tie"
  FROM lines x
  UNION ALL
  SELECT v."projectId", v."level", 'PLATFORM', NULL, 'COMMITMENT', v."cap" - v."partners", 0, v."valueDate", v."roundId",
    NULL, NULL, 'migrated:platform:' || v."roundId" || ':' || v."level",
    '迁移：平台公司承担 = 层级额度 ' || v."cap" || ' − 合伙人 ' || v."partners" || '（原平台分配 ' || COALESCE(v."recorded", 0) || '）',
    2, 0
  FROM levels v WHERE v."n" = 1 AND v."cap" - v."partners" <> 0
  UNION ALL
  SELECT v."projectId", v."level", 'PLATFORM', NULL, 'COMMITMENT_CHANGE', -v."partners", 0, v."valueDate", v."roundId",
    NULL, NULL, 'migrated:platform:' || v."roundId" || ':' || v."level", '迁移：补投轮次由平台公司份额转出', 2, 0
  FROM levels v WHERE v."n" > 1 AND v."partners" <> 0
  UNION ALL
  SELECT d."projectId", rp."level", 'PARTNER', d."userId", 'PAYMENT', 0, pr."amount", pr."paidOn", rp."roundId",
    rp."id", d."id", 'migrated:payment-record:' || pr."id", '迁移：缴款确认', 3, pr."id"
  FROM "PaymentRecord" pr
  JOIN "PaymentDue" d ON d."id" = pr."paymentDueId"
  JOIN "RoundPartner" rp ON rp."id" = d."roundPartnerId"
  WHERE pr."amount" > 0
)
SELECT e."projectId", e."level", e."holder", e."userId", e."kind", e."committedDelta", e."paidDelta", 0, e."valueDate",
  e."roundId", e."roundPartnerId", e."paymentDueId", e."idempotencyKey", e."note"
FROM entries e
ORDER BY e."projectId", e."valueDate", e."ord", e."roundId", e."level", e."tie"
ON CONFLICT ("idempotencyKey") DO NOTHING;
-- capital-ledger backfill:end
