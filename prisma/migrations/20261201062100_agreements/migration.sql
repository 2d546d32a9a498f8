-- CreateEnum
CREATE TYPE "AgreementKind" AS ENUM ('PARTNERSHIP', 'SUPPLEMENTARY');

-- CreateEnum
CREATE TYPE "AgreementStatus" AS ENUM ('PENDING', 'SIGNED', 'SUPERSEDED');

-- CreateTable
CREATE TABLE "Agreement" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" "AgreementKind" NOT NULL,
    "subjectKey" VARCHAR(60) NOT NULL,
    "schemeChangeId" INTEGER,
    "exitId" INTEGER,
    "roundId" INTEGER,
    "seq" INTEGER NOT NULL,
    "number" VARCHAR(80) NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "AgreementStatus" NOT NULL DEFAULT 'PENDING',
    "amount" DECIMAL(18,2) NOT NULL,
    "previousAmount" DECIMAL(18,2),
    "templateKind" VARCHAR(50) NOT NULL,
    "templateVersion" INTEGER,
    "title" VARCHAR(200) NOT NULL,
    "text" TEXT NOT NULL,
    "fileName" VARCHAR(200) NOT NULL,
    "pdf" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "generatedById" INTEGER,
    "generatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "regenerateReason" VARCHAR(200),
    "signedAt" TIMESTAMP(3),
    "rowVersion" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgreementSignature" (
    "id" SERIAL NOT NULL,
    "agreementId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "dingUserId" VARCHAR(64),
    "method" VARCHAR(20) NOT NULL,
    "documentSha256" VARCHAR(64) NOT NULL,
    "amount" DECIMAL(18,2) NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" VARCHAR(64),
    "requestId" VARCHAR(64),

    CONSTRAINT "AgreementSignature_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Agreement_projectId_userId_idx" ON "Agreement"("projectId", "userId");

-- CreateIndex
CREATE INDEX "Agreement_projectId_status_idx" ON "Agreement"("projectId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_projectId_userId_subjectKey_version_key" ON "Agreement"("projectId", "userId", "subjectKey", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_projectId_seq_version_key" ON "Agreement"("projectId", "seq", "version");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementSignature_agreementId_key" ON "AgreementSignature"("agreementId");

-- AddForeignKey
ALTER TABLE "AgreementSignature" ADD CONSTRAINT "AgreementSignature_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A signed agreement never changes: its row (document, hash, amount, status) and its signature are frozen. The body
-- is an E'' string with \073 for each semicolon (the migration runner splits the script at every semicolon).
CREATE FUNCTION "agreement_signed_immutable"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  IF TG_OP = ''DELETE'' THEN
    IF OLD."status" = ''SIGNED'' THEN
      RAISE EXCEPTION ''已签署的协议不可删除 / a signed agreement cannot be deleted'' USING ERRCODE = ''P0001''\073
    END IF\073
    RETURN OLD\073
  END IF\073
  IF OLD."status" = ''SIGNED'' THEN
    RAISE EXCEPTION ''已签署的协议不可修改 / a signed agreement is immutable'' USING ERRCODE = ''P0001''\073
  END IF\073
  IF NEW."sha256" <> OLD."sha256" OR NEW."pdf" <> OLD."pdf" OR NEW."amount" <> OLD."amount" OR NEW."text" <> OLD."text" THEN
    RAISE EXCEPTION ''协议文件生成后不可修改，请重新生成新版本 / regenerate a new version'' USING ERRCODE = ''P0001''\073
  END IF\073
  RETURN NEW\073
END'
;

CREATE TRIGGER "Agreement_signed_immutable" BEFORE UPDATE OR DELETE ON "Agreement"
  FOR EACH ROW EXECUTE FUNCTION "agreement_signed_immutable"();

CREATE FUNCTION "agreement_signature_immutable"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  RAISE EXCEPTION ''签署记录不可修改或删除 / AgreementSignature is immutable'' USING ERRCODE = ''P0001''\073
END'
;

CREATE TRIGGER "AgreementSignature_no_update_delete" BEFORE UPDATE OR DELETE ON "AgreementSignature"
  FOR EACH ROW EXECUTE FUNCTION "agreement_signature_immutable"();

-- CreateTable
CREATE TABLE "AgreementCounter" (
    "projectId" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AgreementCounter_pkey" PRIMARY KEY ("projectId")
);
