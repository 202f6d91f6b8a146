-- AlterTable
ALTER TABLE "report_schedules" ADD COLUMN     "team_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];
