-- CreateTable
CREATE TABLE "workload_risks" (
    "id" TEXT NOT NULL,
    "scan_id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "api_version" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT,
    "name" TEXT NOT NULL,
    "service_account" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "factors" JSONB NOT NULL,
    "path" JSONB,

    CONSTRAINT "workload_risks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "workload_risks_scan_id_kind_namespace_name_idx" ON "workload_risks"("scan_id", "kind", "namespace", "name");

-- CreateIndex
CREATE INDEX "workload_risks_cluster_id_idx" ON "workload_risks"("cluster_id");

-- CreateIndex
CREATE UNIQUE INDEX "workload_risks_scan_id_rank_key" ON "workload_risks"("scan_id", "rank");

-- AddForeignKey
ALTER TABLE "workload_risks" ADD CONSTRAINT "workload_risks_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;
