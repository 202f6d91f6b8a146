/**
 * The catalog's integrity: every check file under lib/checks/<section>/ is in CHECKS, ids are
 * unique and equal their file names, sections equal their folders, and metadata is complete
 * (guideRef names a section of the hardening guide).
 *
 * Check files: *.ts directly in a section folder or below it, except *.test.ts, index.ts and
 * anything under a folder whose name starts with "_" (`__fixtures__`, `_shared` helpers).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS, CHECKS_BY_SECTION, getCheck } from './index';
import { duplicateFrameworkIds, FRAMEWORKS, frameworksFor } from './frameworks/index';
import { SECTION_IDS, SEVERITIES, type Check } from './types';

const CHECKS_DIR = path.resolve(import.meta.dirname);

/** Section numbers of the seed guide (used when the guide file itself is not beside the repo). */
const GUIDE_SECTIONS_FALLBACK = [
  '1', '1.1', '1.2', '1.3', '1.4',
  '2', '2.1', '2.2',
  '3', '3.1', '3.2', '3.3',
  '4', '4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8',
  '5', '5.1', '5.2', '5.3', '5.4', '5.5', '5.6', '5.7',
  '6', '6.1', '6.2', '6.3', '6.4', '6.5', '6.6',
  '7',
];

function guideSections(): { sections: Set<string>; from: string } {
  const candidates = [
    path.resolve(CHECKS_DIR, '../../docs/kubernetes-hardening-guide.txt'),
    path.resolve(CHECKS_DIR, '../../../shared/seed/kubernetes-hardening-guide.txt'),
  ];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const sections = new Set<string>();
    for (const m of text.matchAll(/^\s*##\s*(\d+(?:\.\d+)+)\s*-/gm)) sections.add(m[1]);
    for (const m of text.matchAll(/^\s*#######\s*(\d+)\s*-/gm)) sections.add(m[1]);
    return { sections, from: file };
  }
  return { sections: new Set(GUIDE_SECTIONS_FALLBACK), from: 'fallback list' };
}

function checkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('_')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...checkFiles(full));
    else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && e.name !== 'index.ts') out.push(full);
  }
  return out;
}

function isCheck(v: unknown): v is Check {
  return typeof v === 'object' && v !== null && typeof (v as Check).id === 'string' && typeof (v as Check).evaluate === 'function';
}

describe('check catalog', () => {
  const files = SECTION_IDS.flatMap((section) => {
    const dir = path.join(CHECKS_DIR, section);
    return existsSync(dir) ? checkFiles(dir).map((file) => ({ section, file })) : [];
  });

  it('has checks', () => {
    expect(CHECKS.length).toBeGreaterThan(0);
  });

  it('every check file exports one check that is in CHECKS, with id = file name and section = folder', async () => {
    const problems: string[] = [];
    for (const { section, file } of files) {
      const rel = path.relative(CHECKS_DIR, file);
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const exported = Object.values(mod).filter(isCheck);
      if (exported.length !== 1) {
        problems.push(`${rel}: exports ${exported.length} checks (expected exactly one)`);
        continue;
      }
      const check = exported[0];
      const id = path.basename(file, '.ts');
      if (check.id !== id) problems.push(`${rel}: id "${check.id}" differs from the file name "${id}"`);
      if (check.section !== section) problems.push(`${rel}: section "${check.section}" differs from its folder "${section}"`);
      if (!CHECKS.includes(check)) problems.push(`${rel}: check "${check.id}" is not in CHECKS (add it to lib/checks/${section}/index.ts)`);
    }
    expect(problems).toEqual([]);
  });

  it('every check in CHECKS has a file of its own in its section folder', () => {
    const ids = new Set(files.map((f) => `${f.section}/${path.basename(f.file, '.ts')}`));
    const orphans = CHECKS.filter((c) => !ids.has(`${c.section}/${c.id}`)).map((c) => c.id);
    expect(orphans).toEqual([]);
  });

  it('ids are unique', () => {
    const seen = new Map<string, number>();
    for (const c of CHECKS) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([id]) => id)).toEqual([]);
  });

  it('sections in CHECKS_BY_SECTION match each check', () => {
    for (const s of SECTION_IDS) for (const c of CHECKS_BY_SECTION[s]) expect(`${c.id}:${c.section}`).toBe(`${c.id}:${s}`);
  });

  it('metadata is complete and guideRef names a section of the guide', () => {
    const { sections, from } = guideSections();
    const problems: string[] = [];
    const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;
    for (const c of CHECKS) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.id)) problems.push(`${c.id}: id must be kebab-case`);
      if (!nonEmpty(c.title)) problems.push(`${c.id}: title missing`);
      if (!SEVERITIES.includes(c.severity)) problems.push(`${c.id}: severity "${String(c.severity)}" unknown`);
      if (!nonEmpty(c.description)) problems.push(`${c.id}: description missing`);
      if (!nonEmpty(c.rationale)) problems.push(`${c.id}: rationale missing`);
      if (!nonEmpty(c.guideRef) || !sections.has(c.guideRef)) problems.push(`${c.id}: guideRef "${c.guideRef}" is not a section of the guide (${from})`);
      if (!Array.isArray(c.remediation?.steps) || c.remediation.steps.length === 0 || !c.remediation.steps.every(nonEmpty)) {
        problems.push(`${c.id}: remediation.steps must be a non-empty list of non-empty strings`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('getCheck finds every check by id', () => {
    for (const c of CHECKS) expect(getCheck(c.id)).toBe(c);
    expect(getCheck('no-such-check')).toBeUndefined();
  });

  it('framework mappings name existing checks only, once each', () => {
    expect(Object.keys(FRAMEWORKS).filter((id) => !getCheck(id))).toEqual([]);
    expect(duplicateFrameworkIds()).toEqual([]);
    expect(frameworksFor('no-such-check')).toEqual({});
  });
});
