-- CreateEnum
CREATE TYPE "team_scope_kind" AS ENUM ('cluster', 'namespace', 'namespace_glob', 'namespace_label', 'resource_label');

-- CreateEnum
CREATE TYPE "team_member_source" AS ENUM ('manual', 'oidc');

-- AlterTable
ALTER TABLE "findings" ADD COLUMN     "assignee_id" TEXT;

-- AlterTable
-- Every user recorded before teams existed keeps the fleet view (the default of the column fills the
-- existing rows). An admin limits a user to their teams by turning fleet access off.
ALTER TABLE "users" ADD COLUMN     "fleet_access" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "teams" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_members" (
    "team_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "source" "team_member_source" NOT NULL DEFAULT 'manual',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_members_pkey" PRIMARY KEY ("team_id","user_id")
);

-- CreateTable
CREATE TABLE "team_scopes" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "cluster_id" TEXT,
    "kind" "team_scope_kind" NOT NULL,
    "value" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_scopes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "teams_name_key" ON "teams"("name");

-- CreateIndex
CREATE INDEX "team_members_user_id_idx" ON "team_members"("user_id");

-- CreateIndex
CREATE INDEX "team_scopes_team_id_idx" ON "team_scopes"("team_id");

-- CreateIndex
CREATE INDEX "team_scopes_cluster_id_idx" ON "team_scopes"("cluster_id");

-- CreateIndex
CREATE INDEX "findings_assignee_id_idx" ON "findings"("assignee_id");

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_scopes" ADD CONSTRAINT "team_scopes_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_scopes" ADD CONSTRAINT "team_scopes_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
