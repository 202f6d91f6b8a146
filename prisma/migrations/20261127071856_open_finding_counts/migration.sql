-- CreateTable
CREATE TABLE "open_finding_counts" (
    "cluster_id" TEXT NOT NULL,
    "check_id" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "severity" "severity" NOT NULL,
    "excepted" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "open_finding_counts_pkey" PRIMARY KEY ("cluster_id","check_id","severity","excepted")
);

-- AddForeignKey
ALTER TABLE "open_finding_counts" ADD CONSTRAINT "open_finding_counts_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill from the findings already stored (afterwards maintained by lib/scans/open-finding-counts.ts).
INSERT INTO "open_finding_counts" ("cluster_id", "check_id", "section", "severity", "excepted", "count")
SELECT "cluster_id", "check_id", min("section"), "severity", "exception_id" IS NOT NULL, count(*)::int
FROM "findings"
WHERE "status" = 'open'
GROUP BY "cluster_id", "check_id", "severity", "exception_id" IS NOT NULL;
