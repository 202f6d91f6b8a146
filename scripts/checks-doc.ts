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
import { FRAMEWORKS, getFramework, type AssessmentKind } from '../lib/frameworks/index';
import { COMPLIANCE_FORMULA } from '../lib/frameworks/evaluate';

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
  lines.push(...renderFrameworks());
  return lines.join('\n');
}

const HOW: Record<AssessmentKind, string> = {
  automated: 'automated',
  'node-access': 'needs node access',
  manual: 'manual (attested by an analyst)',
  'not-covered': 'not covered: no check yet',
};

/** The compliance frameworks (lib/frameworks): per-framework counts and every CIS control with how it is assessed. */
function renderFrameworks(): string[] {
  const lines = [
    '## Compliance frameworks',
    '',
    'Controls come from `lib/frameworks`; which checks assess a control is derived from the mappings above (CIS ids, NSA/CISA topics, Pod Security controls, guide sections). A control no check maps to *needs node access* (file permissions and ownership on the node), is *manual* (an organisational control an analyst attests with a note and an expiry), or is *not covered* yet.',
    '',
    `**Compliance percentage.** ${COMPLIANCE_FORMULA} The fleet percentage counts every (cluster, control) pair.`,
    '',
    '| framework | id | controls | automated | needs node access | manual | not covered |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const f of FRAMEWORKS) {
    const n = (k: AssessmentKind) => f.controls.filter((c) => c.assessment === k).length;
    lines.push(`| ${f.name} | \`${f.id}\` | ${f.controls.length} | ${n('automated')} | ${n('node-access')} | ${n('manual')} | ${n('not-covered')} |`);
  }
  lines.push('', '### CIS Kubernetes Benchmark v1.10: every control and how Rampart assesses it', '', '| control | title | assessed | checks |', '|---|---|---|---|');
  for (const c of getFramework('cis-1.10').controls) lines.push(`| ${c.id} | ${cell(c.title)} | ${HOW[c.assessment]} | ${c.checks.map((k) => `\`${k}\``).join(', ')} |`);
  lines.push('');
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync('docs/CHECKS.md', renderChecksDoc());
  console.log(`docs/CHECKS.md: ${CHECKS.length} checks`);
}
