-- 模板管理: versioned templates of every notice, robot message and agreement, and the version each notice used
CREATE TABLE "TemplateVersion" (
    "id" SERIAL NOT NULL,
    "kind" VARCHAR(50) NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "note" VARCHAR(500) NOT NULL,
    "restoredFrom" INTEGER,
    "createdById" INTEGER,
    "createdByName" VARCHAR(50),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemplateVersion_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "TemplateVersion_kind_version_key" ON "TemplateVersion"("kind", "version");

ALTER TABLE "Notification" ADD COLUMN "templateVersionId" INTEGER;
