-- CreateTable
CREATE TABLE "cluster_namespaces" (
    "cluster_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cluster_namespaces_pkey" PRIMARY KEY ("cluster_id","name")
);

-- CreateTable
CREATE TABLE "namespace_scores" (
    "scan_id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "grade" TEXT NOT NULL,
    "uncapped_score" INTEGER NOT NULL,
    "passed" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "excepted" INTEGER NOT NULL,
    "open_critical" INTEGER NOT NULL,
    "open_high" INTEGER NOT NULL,
    "open_medium" INTEGER NOT NULL,
    "open_low" INTEGER NOT NULL,
    "open_info" INTEGER NOT NULL,
    "sections" JSONB NOT NULL,

    CONSTRAINT "namespace_scores_pkey" PRIMARY KEY ("scan_id","namespace")
);

-- CreateIndex
CREATE INDEX "namespace_scores_cluster_id_idx" ON "namespace_scores"("cluster_id");

-- AddForeignKey
ALTER TABLE "cluster_namespaces" ADD CONSTRAINT "cluster_namespaces_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "namespace_scores" ADD CONSTRAINT "namespace_scores_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "namespace_scores" ADD CONSTRAINT "namespace_scores_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
