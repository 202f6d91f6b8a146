-- Report files move into the database (any replica serves any download). PDFs that older versions
-- wrote to RAMPART_DATA_DIR/reports are imported by the server holding them (lib/reports/service.ts).
-- CreateTable
CREATE TABLE "report_files" (
    "report_id" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_files_pkey" PRIMARY KEY ("report_id")
);

-- AddForeignKey
ALTER TABLE "report_files" ADD CONSTRAINT "report_files_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
