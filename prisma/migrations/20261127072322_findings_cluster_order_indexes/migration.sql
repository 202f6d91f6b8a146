-- DropIndex
DROP INDEX "findings_cluster_id_status_severity_idx";

-- CreateIndex
CREATE INDEX "findings_cluster_id_status_severity_first_seen_at_id_idx" ON "findings"("cluster_id", "status", "severity", "first_seen_at" DESC, "id");

-- CreateIndex
CREATE INDEX "findings_cluster_id_section_status_severity_first_seen_at_i_idx" ON "findings"("cluster_id", "section", "status", "severity", "first_seen_at" DESC, "id");
