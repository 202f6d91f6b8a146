-- Session tokens are stored as their SHA-256 hex digest (lib/auth/session-tokens.ts).
-- Hash the sessions that existed before, so they keep working and stop being usable from a copy of the table.
UPDATE "sessions" SET "token" = encode(sha256(convert_to("token", 'UTF8')), 'hex');
