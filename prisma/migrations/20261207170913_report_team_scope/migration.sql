-- AlterTable
ALTER TABLE "reports" ADD COLUMN     "team_ids" TEXT[] DEFAULT ARRAY[]::TEXT[];
