/**
 * Prisma CLI configuration. Only `prisma generate` is run through the CLI (postinstall,
 * `npm run db:generate`); migrations run through the WebAssembly schema engine in
 * lib/db/schema-engine.ts, which needs no native binary. The URL comes from lib/config.ts
 * (the only reader of the environment) and is absent when the embedded database is used.
 */
import { defineConfig } from 'prisma/config';
import { getConfig } from './lib/config';

const url = getConfig().DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(url ? { datasource: { url } } : {}),
});
