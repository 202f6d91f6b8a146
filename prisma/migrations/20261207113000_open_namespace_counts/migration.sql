-- CreateTable
CREATE TABLE "open_namespace_counts" (
    "cluster_id" TEXT NOT NULL,
    "resource_namespace" TEXT NOT NULL,
    "excepted" BOOLEAN NOT NULL,
    "critical" INTEGER NOT NULL,
    "high" INTEGER NOT NULL,
    "medium" INTEGER NOT NULL,
    "low" INTEGER NOT NULL,
    "info" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,

    CONSTRAINT "open_namespace_counts_pkey" PRIMARY KEY ("cluster_id","resource_namespace","excepted")
);

-- AddForeignKey
ALTER TABLE "open_namespace_counts" ADD CONSTRAINT "open_namespace_counts_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the resource counts (afterwards maintained by lib/scans/open-finding-counts.ts).
INSERT INTO "open_namespace_counts" ("cluster_id", "resource_namespace", "excepted", "critical", "high", "medium", "low", "info", "total")
SELECT "cluster_id", "resource_namespace", "excepted", sum("critical")::int, sum("high")::int, sum("medium")::int, sum("low")::int, sum("info")::int, sum("total")::int
FROM "open_resource_counts"
GROUP BY "cluster_id", "resource_namespace", "excepted";
