-- CreateTable
CREATE TABLE "open_resource_counts" (
    "cluster_id" TEXT NOT NULL,
    "resource_kind" TEXT NOT NULL,
    "resource_namespace" TEXT NOT NULL,
    "resource_name" TEXT NOT NULL,
    "excepted" BOOLEAN NOT NULL,
    "critical" INTEGER NOT NULL,
    "high" INTEGER NOT NULL,
    "medium" INTEGER NOT NULL,
    "low" INTEGER NOT NULL,
    "info" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "open_resource_counts_pkey" PRIMARY KEY ("cluster_id","resource_kind","resource_namespace","resource_name","excepted")
);

-- CreateIndex
CREATE INDEX "open_resource_counts_excepted_total_resource_name_idx" ON "open_resource_counts"("excepted", "total" DESC, "resource_name");

-- CreateIndex
CREATE INDEX "open_resource_counts_cluster_id_excepted_total_resource_nam_idx" ON "open_resource_counts"("cluster_id", "excepted", "total" DESC, "resource_name");

-- CreateIndex
CREATE INDEX "open_resource_counts_cluster_id_resource_namespace_excepted_idx" ON "open_resource_counts"("cluster_id", "resource_namespace", "excepted", "total" DESC, "resource_name");

-- AddForeignKey
ALTER TABLE "open_resource_counts" ADD CONSTRAINT "open_resource_counts_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the findings already stored (afterwards maintained by lib/scans/open-finding-counts.ts).
INSERT INTO "open_resource_counts" ("cluster_id", "resource_kind", "resource_namespace", "resource_name", "excepted", "critical", "high", "medium", "low", "info", "total")
SELECT "cluster_id", "resource_kind", coalesce("resource_namespace", ''), "resource_name", "exception_id" IS NOT NULL,
       (count(*) FILTER (WHERE "severity" = 'critical'))::int, (count(*) FILTER (WHERE "severity" = 'high'))::int,
       (count(*) FILTER (WHERE "severity" = 'medium'))::int, (count(*) FILTER (WHERE "severity" = 'low'))::int,
       (count(*) FILTER (WHERE "severity" = 'info'))::int, count(*)::int
FROM "findings"
WHERE "status" = 'open'
GROUP BY "cluster_id", "resource_kind", coalesce("resource_namespace", ''), "resource_name", "exception_id" IS NOT NULL;
