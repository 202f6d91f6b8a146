-- CreateIndex
CREATE INDEX "findings_excepted_browse_idx" ON "findings"("severity", "first_seen_at" DESC, "id") WHERE (status = 'open' AND exception_id IS NOT NULL);
