-- AlterTable
ALTER TABLE "clusters" ADD COLUMN     "insecure_tls_allowed" BOOLEAN NOT NULL DEFAULT false;
