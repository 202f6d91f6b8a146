-- Trigram indexes for the findings browser's substring search (contrib in PostgreSQL 15+, loaded by PGlite too).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "open_resource_counts_cluster_id_excepted_total_resource_nam_idx";

-- DropIndex
DROP INDEX "open_resource_counts_cluster_id_resource_namespace_excepted_idx";

-- DropIndex
DROP INDEX "open_resource_counts_excepted_total_resource_name_idx";

-- AlterTable
ALTER TABLE "open_resource_counts" ADD COLUMN     "worst" "severity" NOT NULL DEFAULT 'info';

-- Backfill: the worst severity with a count (afterwards written by lib/scans/open-finding-counts.ts).
UPDATE "open_resource_counts" SET "worst" = CASE
  WHEN "critical" > 0 THEN 'critical'::"severity" WHEN "high" > 0 THEN 'high'::"severity"
  WHEN "medium" > 0 THEN 'medium'::"severity" WHEN "low" > 0 THEN 'low'::"severity" ELSE 'info'::"severity" END;

-- CreateIndex
CREATE INDEX "findings_status_resource_name_id_idx" ON "findings"("status", "resource_name", "id");

-- CreateIndex
CREATE INDEX "findings_status_resource_namespace_resource_name_id_idx" ON "findings"("status", "resource_namespace", "resource_name", "id");

-- CreateIndex
CREATE INDEX "findings_resource_name_trgm_idx" ON "findings" USING GIN ("resource_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "findings_resource_namespace_trgm_idx" ON "findings" USING GIN ("resource_namespace" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "findings_message_trgm_idx" ON "findings" USING GIN ("message" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "open_resource_counts_excepted_worst_total_resource_name_idx" ON "open_resource_counts"("excepted", "worst", "total" DESC, "resource_name");

-- CreateIndex
CREATE INDEX "open_resource_counts_cluster_id_excepted_worst_total_resour_idx" ON "open_resource_counts"("cluster_id", "excepted", "worst", "total" DESC, "resource_name");

-- CreateIndex
CREATE INDEX "open_resource_counts_cluster_id_resource_namespace_excepted_idx" ON "open_resource_counts"("cluster_id", "resource_namespace", "excepted", "worst", "total" DESC, "resource_name");
