-- Manifests stored before they were masked (lib/k8s/mask.ts) may hold credential values: literal env
-- values, passwords and tokens in command lines, annotations. SQL cannot recognise a credential inside
-- a command line, so this migration only records the work, rampart migrate and every start-up run
-- the data step it names (lib/db/data-migrations.ts), which masks and re-addresses every stored
-- manifest and then removes this row. Idempotent, a database without manifests has nothing to do.
INSERT INTO "settings" ("key", "value", "updated_at")
SELECT 'data-migration:mask-manifests', 'true'::jsonb, now()
WHERE EXISTS (SELECT 1 FROM "resource_documents")
ON CONFLICT ("key") DO NOTHING;
