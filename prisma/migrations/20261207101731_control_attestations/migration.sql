-- CreateTable
CREATE TABLE "control_attestations" (
    "id" TEXT NOT NULL,
    "framework" TEXT NOT NULL,
    "control_id" TEXT NOT NULL,
    "cluster_id" TEXT,
    "note" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_id" TEXT,
    "created_by_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_email" TEXT,

    CONSTRAINT "control_attestations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "control_attestations_framework_control_id_idx" ON "control_attestations"("framework", "control_id");

-- CreateIndex
CREATE INDEX "control_attestations_cluster_id_idx" ON "control_attestations"("cluster_id");

-- AddForeignKey
ALTER TABLE "control_attestations" ADD CONSTRAINT "control_attestations_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
