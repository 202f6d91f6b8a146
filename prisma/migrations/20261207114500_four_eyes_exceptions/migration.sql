-- CreateEnum
CREATE TYPE "exception_state" AS ENUM ('requested', 'approved', 'rejected');

-- AlterTable
ALTER TABLE "risk_exceptions" ADD COLUMN     "decided_at" TIMESTAMPTZ(3),
ADD COLUMN     "decided_by_id" TEXT,
ADD COLUMN     "decision_note" TEXT,
ADD COLUMN     "state" "exception_state" NOT NULL DEFAULT 'requested',
ADD COLUMN     "ticket_url" TEXT;

-- CreateIndex
CREATE INDEX "risk_exceptions_state_created_at_idx" ON "risk_exceptions"("state", "created_at");

-- AddForeignKey
ALTER TABLE "risk_exceptions" ADD CONSTRAINT "risk_exceptions_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Exceptions recorded before approvals existed were in force when they were created: they stay in
-- force as approved, with their author standing as approver and a note saying so.
UPDATE "risk_exceptions"
SET "state" = 'approved',
    "decided_by_id" = "created_by_id",
    "decided_at" = "created_at",
    "decision_note" = 'Approved on upgrade: recorded before four-eyes approval existed, so its author stands as approver.';
