-- AlterTable
ALTER TABLE "namespace_scores" ADD COLUMN     "checks" JSONB;
