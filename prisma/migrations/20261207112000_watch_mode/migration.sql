-- AlterEnum
ALTER TYPE "scan_trigger" ADD VALUE 'watch';

-- AlterTable
ALTER TABLE "clusters" ADD COLUMN     "watch_lease_holder" TEXT,
ADD COLUMN     "watch_lease_until" TIMESTAMPTZ(3),
ADD COLUMN     "watch_mode" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "findings" ADD COLUMN     "opened_by_change" JSONB;
