-- 资金利息 on base FINANCED: the financed part (配资 / 垫资) per line, a share or an amount
ALTER TABLE "DistributionBatch" ADD COLUMN "financing" JSONB NOT NULL DEFAULT '[]';
