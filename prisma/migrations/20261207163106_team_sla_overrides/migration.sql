-- AlterTable
ALTER TABLE "teams" ADD COLUMN     "sla_overrides" JSONB;
