/**
 * Rules for hand-edited migration files. The schema engine applies a migration through the driver
 * adapter statement by statement, cutting the script at semicolons: a semicolon inside a `--`
 * comment cuts the comment in two and the rest of its line is run as SQL ("syntax error at or
 * near …"), so every migrate on every install fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from './migrations-dir';

/** `--` comment lines of a migration that hold a semicolon, as "file:line". */
function commentsWithSemicolons(name: string, sql: string): string[] {
  return sql.split('\n').flatMap((line, i) => (/^\s*--.*;/.test(line) ? [`${name}:${i + 1}`] : []));
}

describe('migration files', () => {
  it('finds a semicolon in a comment', () => {
    expect(commentsWithSemicolons('m', 'ALTER TABLE "a" ADD COLUMN "b" INT;\n-- rows); an admin\nSELECT 1;')).toEqual(['m:2']);
    expect(commentsWithSemicolons('m', '-- fine: no semicolon here\nSELECT 1;')).toEqual([]);
  });

  it('no migration has a semicolon inside a comment', () => {
    const dir = defaultMigrationsDir();
    const bad = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .flatMap((e) => commentsWithSemicolons(e.name, readFileSync(path.join(dir, e.name, 'migration.sql'), 'utf8')));
    expect(bad).toEqual([]);
  });
});
