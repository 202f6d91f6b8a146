-- AlterTable
ALTER TABLE "findings" ADD COLUMN     "exception_id" TEXT;

-- CreateIndex
CREATE INDEX "findings_exception_id_idx" ON "findings"("exception_id");

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_exception_id_fkey" FOREIGN KEY ("exception_id") REFERENCES "risk_exceptions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
