-- AlterTable
ALTER TABLE "scan_check_aggregates" ADD COLUMN     "applicable_weight" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "failing" JSONB;

-- AlterTable
ALTER TABLE "scan_section_aggregates" ADD COLUMN     "uncapped_score" INTEGER;

-- AlterTable
ALTER TABLE "scans" ADD COLUMN     "partial" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "scoring_version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "uncapped_score" INTEGER;

-- CreateTable
CREATE TABLE "score_points" (
    "id" TEXT NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "scan_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "cause" TEXT NOT NULL,
    "scoring_version" INTEGER NOT NULL,
    "partial" BOOLEAN NOT NULL DEFAULT false,
    "score" INTEGER NOT NULL,
    "grade" TEXT NOT NULL,
    "uncapped_score" INTEGER,
    "open_critical" INTEGER NOT NULL DEFAULT 0,
    "open_high" INTEGER NOT NULL DEFAULT 0,
    "open_medium" INTEGER NOT NULL DEFAULT 0,
    "open_low" INTEGER NOT NULL DEFAULT 0,
    "open_info" INTEGER NOT NULL DEFAULT 0,
    "sections" JSONB NOT NULL,

    CONSTRAINT "score_points_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "score_points_cluster_id_at_idx" ON "score_points"("cluster_id", "at");

-- CreateIndex
CREATE INDEX "score_points_scan_id_idx" ON "score_points"("scan_id");

-- AddForeignKey
ALTER TABLE "score_points" ADD CONSTRAINT "score_points_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_points" ADD CONSTRAINT "score_points_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Scans scored before this migration keep their score under scoring version 1 (the column
-- default), and each successful scan becomes the trend point it was.
INSERT INTO "score_points" ("id", "cluster_id", "scan_id", "at", "cause", "scoring_version", "partial", "score", "grade",
                            "open_critical", "open_high", "open_medium", "open_low", "open_info", "sections")
SELECT 'sp_' || s."id", s."cluster_id", s."id", s."finished_at", 'scan', s."scoring_version", s."partial", s."score", s."grade",
       coalesce(sum(a."open_critical"), 0)::int, coalesce(sum(a."open_high"), 0)::int, coalesce(sum(a."open_medium"), 0)::int,
       coalesce(sum(a."open_low"), 0)::int, coalesce(sum(a."open_info"), 0)::int,
       coalesce(jsonb_object_agg(a."section", jsonb_build_object(
         'score', a."score", 'grade', a."grade", 'uncappedScore', NULL,
         'open', jsonb_build_object('critical', a."open_critical", 'high', a."open_high", 'medium', a."open_medium", 'low', a."open_low", 'info', a."open_info")
       )) FILTER (WHERE a."section" IS NOT NULL), '{}'::jsonb)
FROM "scans" s
LEFT JOIN "scan_section_aggregates" a ON a."scan_id" = s."id"
WHERE s."status" = 'succeeded' AND s."finished_at" IS NOT NULL AND s."score" IS NOT NULL
GROUP BY s."id";
