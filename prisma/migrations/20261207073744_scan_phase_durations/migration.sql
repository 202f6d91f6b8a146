-- AlterTable
ALTER TABLE "scans" ADD COLUMN     "phase_durations" JSONB;
