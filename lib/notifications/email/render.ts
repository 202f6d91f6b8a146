/**
 * E-mail bodies (pure): every message has a plain-text part and an HTML part saying the same
 * thing. Everything interpolated into HTML is escaped. Messages carry finding metadata only
 * (severity, check, resource, cluster, dates) and links into Rampart.
 */
import type { Digest, DigestException, DigestFinding } from './digest';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

interface Section {
  title: string;
  count: number;
  lines: Array<{ text: string; href: string }>;
  more: { text: string; href: string } | null;
}

function findingLine(f: DigestFinding, base: string, dated: 'due' | 'first'): { text: string; href: string } {
  const when = dated === 'due' ? `due ${day(f.dueAt)}` : `first seen ${day(f.firstSeenAt)}`;
  return { text: `[${f.severity}] ${f.checkTitle} — ${f.resource} (${f.cluster}), ${when}`, href: `${base}/findings/${f.id}` };
}

function exceptionLine(e: DigestException, base: string): { text: string; href: string } {
  const reason = e.reason.length > 80 ? `${e.reason.slice(0, 79)}…` : e.reason;
  return { text: `${e.checkId ?? 'exception'}${e.cluster ? ` (${e.cluster})` : ''} expires ${day(e.expiresAt)}: ${reason}`, href: `${base}/settings/exceptions` };
}

function layout(heading: string, intro: string, sections: Section[], footer: string): { text: string; html: string } {
  const text = [
    heading,
    '',
    intro,
    '',
    ...sections.flatMap((s) => [
      `${s.title}: ${s.count}`,
      ...s.lines.map((l) => `  - ${l.text}\n    ${l.href}`),
      ...(s.more ? [`  ${s.more.text}: ${s.more.href}`] : []),
      '',
    ]),
    footer,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:14px;color:#111">
<h1 style="font-size:18px">${escapeHtml(heading)}</h1>
<p>${escapeHtml(intro)}</p>
${sections
  .map(
    (s) => `<h2 style="font-size:15px;margin-top:20px">${escapeHtml(s.title)}: ${s.count}</h2>
${s.lines.length ? `<ul>${s.lines.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join('')}</ul>` : '<p style="color:#555">None.</p>'}
${s.more ? `<p><a href="${escapeHtml(s.more.href)}">${escapeHtml(s.more.text)}</a></p>` : ''}`,
  )
  .join('\n')}
<p style="color:#555;font-size:12px;margin-top:24px">${escapeHtml(footer)}</p>
</body></html>`;
  return { text, html };
}

const FOOTER = (base: string) => `Change which e-mails you get under Settings → Profile: ${base}/settings#notifications`;

export function renderDigest(d: Digest, base: string): RenderedEmail {
  const browse = (params: string) => `${base}/findings?${params}`;
  const sections: Section[] = [
    { title: 'Overdue findings', count: d.overdue.count, lines: d.overdue.items.map((f) => findingLine(f, base, 'due')), more: d.overdue.count > d.overdue.items.length ? { text: `All ${d.overdue.count} overdue findings`, href: browse('sla=overdue') } : null },
    { title: 'Due within a week', count: d.dueSoon.count, lines: d.dueSoon.items.map((f) => findingLine(f, base, 'due')), more: d.dueSoon.count > d.dueSoon.items.length ? { text: `All ${d.dueSoon.count} findings due soon`, href: browse('sla=due-soon') } : null },
    { title: 'New findings this week', count: d.newFindings.count, lines: d.newFindings.items.map((f) => findingLine(f, base, 'first')), more: d.newFindings.count > d.newFindings.items.length ? { text: `All ${d.newFindings.count} new findings`, href: browse(`since=${d.since.slice(0, 10)}`) } : null },
    { title: 'Exceptions expiring in the next two weeks', count: d.expiring.count, lines: d.expiring.items.map((e) => exceptionLine(e, base)), more: null },
  ];
  const subject = `[Rampart] Weekly digest for ${d.scope.label}: ${plural(d.overdue.count, 'overdue finding')}, ${d.newFindings.count} new`;
  const intro = `${d.scope.label}, week to ${day(d.generatedAt)}: ${plural(d.overdue.count, 'finding')} overdue, ${d.dueSoon.count} due within a week, ${d.newFindings.count} new, ${plural(d.expiring.count, 'exception')} expiring soon.`;
  return { subject, ...layout(`Weekly digest: ${d.scope.label}`, intro, sections, FOOTER(base)) };
}

export interface AlertInput {
  cluster: { id: string; name: string };
  minSeverity: string;
  count: number;
  findings: DigestFinding[];
}

export function renderScanAlert(a: AlertInput, base: string): RenderedEmail {
  const subject = `[Rampart] ${plural(a.count, 'new finding')} at ${a.minSeverity} or above on ${a.cluster.name}`;
  const intro = `The latest scan of ${a.cluster.name} opened ${plural(a.count, 'finding')} at severity ${a.minSeverity} or above.`;
  const sections: Section[] = [
    {
      title: 'New findings',
      count: a.count,
      lines: a.findings.map((f) => findingLine(f, base, 'due')),
      more: a.count > a.findings.length ? { text: `All open findings of ${a.cluster.name}`, href: `${base}/findings?cluster=${encodeURIComponent(a.cluster.id)}` } : null,
    },
  ];
  return { subject, ...layout(`New findings on ${a.cluster.name}`, intro, sections, FOOTER(base)) };
}

export function renderExceptionReminder(e: DigestException & { daysLeft: number }, base: string): RenderedEmail {
  const subject = `[Rampart] An accepted risk expires in ${plural(e.daysLeft, 'day')}${e.cluster ? ` (${e.cluster})` : ''}`;
  const intro = `The exception below stops applying on ${day(e.expiresAt)}; its findings then count as open again and their due dates apply. Renew it (request a new one) or fix the findings.`;
  return { subject, ...layout('Exception expiring soon', intro, [{ title: 'Exception', count: 1, lines: [exceptionLine(e, base)], more: null }], FOOTER(base)) };
}
