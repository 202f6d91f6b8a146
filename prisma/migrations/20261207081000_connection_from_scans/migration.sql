-- A successful scan is a successful connection: clusters take their connection status and
-- Kubernetes version from their latest successful scan where it is newer than their last test.
UPDATE "clusters" c
SET "last_connection_at" = s."finished_at",
    "last_connection_ok" = true,
    "last_connection_message" = 'Connected: the scan succeeded.',
    "server_version" = coalesce(s."kubernetes_version", c."server_version")
FROM (
  SELECT DISTINCT ON ("cluster_id") "cluster_id", "finished_at", "kubernetes_version"
  FROM "scans"
  WHERE "status" = 'succeeded' AND "finished_at" IS NOT NULL
  ORDER BY "cluster_id", "finished_at" DESC
) s
WHERE s."cluster_id" = c."id" AND (c."last_connection_at" IS NULL OR c."last_connection_at" < s."finished_at");
