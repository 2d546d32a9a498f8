-- CreateTable
CREATE TABLE "PartnerChange" (
    "id" BIGSERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "weight" BIGINT NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartnerChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PartnerChange_userId_weight_idx" ON "PartnerChange"("userId", "weight");


-- 首页's cache version (see prisma/schema/me.prisma): every write to what 首页 reads of a person adds a row for them
-- in the same transaction. Function bodies are E'' strings with \073 for each semicolon: the migration runner
-- splits the script at every semicolon (see 20261201003154_capital_ledger).
--
-- Rows that carry the person: one statement-level trigger per statement, whatever the number of rows (a
-- distribution batch of 10,000 lines adds 10,000 rows in one INSERT … SELECT).
CREATE FUNCTION "partner_change_of_rows"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "PartnerChange" ("userId") SELECT DISTINCT "userId" FROM new_rows WHERE "userId" IS NOT NULL\073
  ELSIF TG_OP = ''UPDATE'' THEN
    INSERT INTO "PartnerChange" ("userId")
      SELECT "userId" FROM new_rows WHERE "userId" IS NOT NULL
      UNION SELECT "userId" FROM old_rows WHERE "userId" IS NOT NULL\073
  ELSE
    INSERT INTO "PartnerChange" ("userId") SELECT DISTINCT "userId" FROM old_rows WHERE "userId" IS NOT NULL\073
  END IF\073
  RETURN NULL\073
END'
;

CREATE TRIGGER "RoundPartner_partner_change_insert" AFTER INSERT ON "RoundPartner" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "RoundPartner_partner_change_update" AFTER UPDATE ON "RoundPartner" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "RoundPartner_partner_change_delete" AFTER DELETE ON "RoundPartner" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "PaymentDue_partner_change_insert" AFTER INSERT ON "PaymentDue" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "PaymentDue_partner_change_update" AFTER UPDATE ON "PaymentDue" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "PaymentDue_partner_change_delete" AFTER DELETE ON "PaymentDue" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "DistributionLine_partner_change_insert" AFTER INSERT ON "DistributionLine" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "DistributionLine_partner_change_update" AFTER UPDATE ON "DistributionLine" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "DistributionLine_partner_change_delete" AFTER DELETE ON "DistributionLine" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "DistributionAccount_partner_change_insert" AFTER INSERT ON "DistributionAccount" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "DistributionAccount_partner_change_update" AFTER UPDATE ON "DistributionAccount" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "DistributionAccount_partner_change_delete" AFTER DELETE ON "DistributionAccount" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "Agreement_partner_change_insert" AFTER INSERT ON "Agreement" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "Agreement_partner_change_update" AFTER UPDATE ON "Agreement" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
CREATE TRIGGER "Agreement_partner_change_delete" AFTER DELETE ON "Agreement" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();
-- the capital ledger is insert-only (CapitalEntry_no_update_delete)
CREATE TRIGGER "CapitalEntry_partner_change_insert" AFTER INSERT ON "CapitalEntry" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "partner_change_of_rows"();

-- Rows 首页 shows through another table's rows (a round's title and deadline, a batch's status, names): a change to
-- one of those columns counts for everyone it is shown to. Inserts and deletes arrive through the rows above.
CREATE FUNCTION "partner_change_of_round"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "PartnerChange" ("userId") SELECT DISTINCT "userId" FROM "RoundPartner" WHERE "roundId" = NEW.id\073
  RETURN NULL\073
END'
;
CREATE TRIGGER "SubscriptionRound_partner_change" AFTER UPDATE ON "SubscriptionRound" FOR EACH ROW
  WHEN ((OLD.status, OLD.deadline, OLD.title, OLD."noticeSentAt", OLD."createdAt", OLD."projectId")
        IS DISTINCT FROM (NEW.status, NEW.deadline, NEW.title, NEW."noticeSentAt", NEW."createdAt", NEW."projectId"))
  EXECUTE FUNCTION "partner_change_of_round"();

CREATE FUNCTION "partner_change_of_batch"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "PartnerChange" ("userId")
    SELECT DISTINCT "userId" FROM "DistributionLine" WHERE "batchId" = NEW.id AND "userId" IS NOT NULL\073
  RETURN NULL\073
END'
;
CREATE TRIGGER "DistributionBatch_partner_change" AFTER UPDATE ON "DistributionBatch" FOR EACH ROW
  WHEN ((OLD.status, OLD.kind, OLD.seq, OLD.date, OLD."projectId")
        IS DISTINCT FROM (NEW.status, NEW.kind, NEW.seq, NEW.date, NEW."projectId"))
  EXECUTE FUNCTION "partner_change_of_batch"();

-- a project's name and company, shown on its lines, dues, agreements and distributions
CREATE FUNCTION "partner_change_of_project"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "PartnerChange" ("userId")
    SELECT rp."userId" FROM "RoundPartner" rp JOIN "SubscriptionRound" r ON r.id = rp."roundId" WHERE r."projectId" = NEW.id
    UNION SELECT "userId" FROM "PaymentDue" WHERE "projectId" = NEW.id
    UNION SELECT "userId" FROM "Agreement" WHERE "projectId" = NEW.id
    UNION SELECT l."userId" FROM "DistributionLine" l JOIN "DistributionBatch" b ON b.id = l."batchId"
           WHERE b."projectId" = NEW.id AND l."userId" IS NOT NULL\073
  RETURN NULL\073
END'
;
CREATE TRIGGER "Project_partner_change" AFTER UPDATE ON "Project" FOR EACH ROW
  WHEN ((OLD.name, OLD."orgUnitId") IS DISTINCT FROM (NEW.name, NEW."orgUnitId"))
  EXECUTE FUNCTION "partner_change_of_project"();

-- a company's name, shown with each of its projects
CREATE FUNCTION "partner_change_of_org_unit"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "PartnerChange" ("userId")
    SELECT DISTINCT rp."userId" FROM "RoundPartner" rp JOIN "SubscriptionRound" r ON r.id = rp."roundId"
      JOIN "Project" p ON p.id = r."projectId" WHERE p."orgUnitId" = NEW.id\073
  RETURN NULL\073
END'
;
CREATE TRIGGER "OrgUnit_partner_change" AFTER UPDATE ON "OrgUnit" FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION "partner_change_of_org_unit"();
