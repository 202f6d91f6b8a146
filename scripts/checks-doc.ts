/**
 * Renders docs/CHECKS.md from the check catalog: every check id, its section, severity,
 * guide reference and framework mappings. `npx tsx scripts/checks-doc.ts` rewrites the file;
 * a test fails when the file and the catalog disagree.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CHECKS } from '../lib/checks/index';
import { frameworksFor } from '../lib/checks/frameworks/index';
import { SECTION_IDS } from '../lib/checks/types';

const SECTION_TITLES: Record<string, string> = {
  cluster: '1 Securing the Cluster',
  authentication: '2 Authentication',
  authorization: '3 Authorization',
  images: '4 Securing Container Images',
  workloads: '5 Running Containers Securely',
  secrets: '6 Secrets Management',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function renderChecksDoc(): string {
  const lines = [
    '# Check catalog',
    '',
    `Generated from \`lib/checks\` by \`npx tsx scripts/checks-doc.ts\`: ${CHECKS.length} checks. Check ids and section ids are stable public identifiers.`,
    '',
  ];
  for (const section of SECTION_IDS) {
    const checks = CHECKS.filter((c) => c.section === section);
    lines.push(`## \`${section}\` — guide section ${SECTION_TITLES[section]}`, '', '| id | severity | guide | title | CIS | PSS |', '|---|---|---|---|---|---|');
    for (const c of checks) {
      const fw = frameworksFor(c.id);
      lines.push(`| \`${c.id}\` | ${c.severity} | ${c.guideRef} | ${cell(c.title)} | ${fw?.cis?.join(', ') ?? ''} | ${fw?.pss ? `${fw.pss.level}: ${cell(fw.pss.control)}` : ''} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync('docs/CHECKS.md', renderChecksDoc());
  console.log(`docs/CHECKS.md: ${CHECKS.length} checks`);
}
