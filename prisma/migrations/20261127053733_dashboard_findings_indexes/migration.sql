-- CreateIndex
CREATE INDEX "findings_resource_name_spgist_idx" ON "findings" USING SPGIST ("resource_name" text_ops);

-- CreateIndex
CREATE INDEX "findings_status_severity_first_seen_at_id_idx" ON "findings"("status", "severity", "first_seen_at" DESC, "id");

-- CreateIndex
CREATE INDEX "findings_status_first_seen_at_id_idx" ON "findings"("status", "first_seen_at", "id");

-- CreateIndex
CREATE INDEX "findings_check_id_status_severity_first_seen_at_id_idx" ON "findings"("check_id", "status", "severity", "first_seen_at" DESC, "id");
