-- CreateIndex
CREATE INDEX "findings_resource_name_pattern_idx" ON "findings"("resource_name" text_pattern_ops);

-- CreateIndex
CREATE INDEX "findings_status_severity_first_seen_at_id_idx" ON "findings"("status", "severity", "first_seen_at" DESC, "id");
