/**
 * Session tokens are stored hashed. better-auth (1.7) keeps the token it puts in the
 * session cookie verbatim in `sessions.token`, so anyone who reads the table (a backup, a
 * read-only database account, an SQL injection elsewhere) could sign in as every user.
 * It has no option to hash them, so Rampart wraps its database adapter instead: every
 * read or write of the `session` model that names a token by value goes through SHA-256
 * first, and records handed back to better-auth carry the caller's own (plain) token, so
 * the cookie logic above the adapter is unchanged. A row's stored value is useless as a
 * cookie: hashing it again finds nothing.
 *
 * The migration `hash_session_tokens` hashes the rows that existed before.
 */
import { createHash } from 'node:crypto';
import type { prismaAdapter } from 'better-auth/adapters/prisma';

type AdapterFactory = ReturnType<typeof prismaAdapter>;
type Adapter = ReturnType<AdapterFactory>;
type TransactionAdapter = Parameters<Parameters<Adapter['transaction']>[0]>[0];
type Where = Parameters<Adapter['findOne']>[0]['where'][number];

const SESSION_MODEL = 'session';
const TOKEN_FIELD = 'token';

/** The stored form of a session token: lowercase hex SHA-256. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function hashValue(value: Where['value']): Where['value'] {
  if (typeof value === 'string') return hashSessionToken(value);
  if (Array.isArray(value)) return (value as unknown[]).map((v) => (typeof v === 'string' ? hashSessionToken(v) : v)) as Where['value'];
  return value;
}

function hashWhere(where: Where[]): Where[] {
  return where.map((w) => (w.field === TOKEN_FIELD ? { ...w, value: hashValue(w.value) } : w));
}

/** hash → the plain token(s) the caller asked for, to put back into returned records. */
function plainTokens(where: Where[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const w of where ?? []) {
    if (w.field !== TOKEN_FIELD) continue;
    const values = Array.isArray(w.value) ? (w.value as unknown[]) : [w.value];
    for (const v of values) if (typeof v === 'string') map.set(hashSessionToken(v), v);
  }
  return map;
}

function restore<T>(record: T, plain: Map<string, string>): T {
  if (!record || typeof record !== 'object') return record;
  const stored = (record as Record<string, unknown>)[TOKEN_FIELD];
  if (typeof stored !== 'string' || !plain.has(stored)) return record;
  return { ...record, [TOKEN_FIELD]: plain.get(stored) };
}

function hashUpdate(update: Record<string, unknown>): { update: Record<string, unknown>; plain: Map<string, string> } {
  const token = update[TOKEN_FIELD];
  if (typeof token !== 'string') return { update, plain: new Map() };
  const hashed = hashSessionToken(token);
  return { update: { ...update, [TOKEN_FIELD]: hashed }, plain: new Map([[hashed, token]]) };
}

function wrap<A extends TransactionAdapter>(inner: A): A {
  const isSession = (model: string) => model === SESSION_MODEL;
  return {
    ...inner,
    create: async (args) => {
      const { update: data, plain } = hashUpdate(args.data as Record<string, unknown>);
      if (!isSession(args.model) || plain.size === 0) return inner.create(args);
      return restore(await inner.create({ ...args, data: data as typeof args.data }), plain);
    },
    findOne: async (args) => {
      if (!isSession(args.model)) return inner.findOne(args);
      return restore(await inner.findOne({ ...args, where: hashWhere(args.where) }), plainTokens(args.where));
    },
    findMany: async (args) => {
      if (!isSession(args.model) || !args.where) return inner.findMany(args);
      const plain = plainTokens(args.where);
      const rows = await inner.findMany({ ...args, where: hashWhere(args.where) });
      return rows.map((row) => restore(row, plain));
    },
    count: (args) => inner.count(isSession(args.model) && args.where ? { ...args, where: hashWhere(args.where) } : args),
    update: async (args) => {
      if (!isSession(args.model)) return inner.update(args);
      const { update, plain } = hashUpdate(args.update);
      for (const [k, v] of plainTokens(args.where)) plain.set(k, v);
      return restore(await inner.update({ ...args, where: hashWhere(args.where), update }), plain);
    },
    updateMany: (args) => (isSession(args.model) ? inner.updateMany({ ...args, where: hashWhere(args.where), update: hashUpdate(args.update).update }) : inner.updateMany(args)),
    delete: (args) => inner.delete(isSession(args.model) ? { ...args, where: hashWhere(args.where) } : args),
    deleteMany: (args) => inner.deleteMany(isSession(args.model) ? { ...args, where: hashWhere(args.where) } : args),
    consumeOne: async (args) => {
      if (!isSession(args.model)) return inner.consumeOne(args);
      return restore(await inner.consumeOne({ ...args, where: hashWhere(args.where) }), plainTokens(args.where));
    },
    incrementOne: async (args) => {
      if (!isSession(args.model)) return inner.incrementOne(args);
      return restore(await inner.incrementOne({ ...args, where: hashWhere(args.where) }), plainTokens(args.where));
    },
  } as A;
}

/** `prismaAdapter(db, …)` with session tokens hashed at rest (also inside adapter transactions). */
export function withHashedSessionTokens(factory: AdapterFactory): AdapterFactory {
  return (options) => {
    const inner = factory(options);
    const wrapped = wrap(inner);
    return { ...wrapped, transaction: (callback) => inner.transaction((trx) => callback(wrap(trx))) } as Adapter;
  };
}
