'use client';

/**
 * The Reports page's form: build a filtered remediation report (clusters, sections, severities,
 * namespaces, cluster label, period). Small reports download at once; large ones are queued and
 * appear in the list below with their progress. Also links the same scope's machine exports.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Download, FileText } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button, Card, CardBody, CardHeader, Field, Input, Select } from '@/components/ui';
import { SECTION_IDS, SEVERITIES } from '@/lib/checks/types';
import { SECTIONS } from '@/lib/dashboard/sections';
import type { ReportParams } from '@/lib/reports/params';
import { downloadBlob } from '@/components/ui/download';

export interface BuilderCluster {
  id: string;
  name: string;
}

function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

function Check({ label, checked, onChange, name }: { label: string; checked: boolean; onChange: () => void; name: string }) {
  return (
    <label className="flex items-center gap-2 text-sm text-foreground">
      <input type="checkbox" name={name} checked={checked} onChange={onChange} className="size-4 rounded border-border accent-[var(--color-accent)]" />
      {label}
    </label>
  );
}

/** The findings-browser filter closest to a report scope (the browser filters one cluster / section / namespace). */
export function exportHref(format: 'csv' | 'json' | 'sarif', p: Pick<ReportParams, 'clusters' | 'sections' | 'severities' | 'namespaces'>): string {
  const sp = new URLSearchParams({ format });
  if (p.clusters.length === 1) sp.set('cluster', p.clusters[0]);
  if (p.sections.length === 1) sp.set('section', p.sections[0]);
  if (p.severities.length) sp.set('severity', p.severities.join(','));
  if (p.namespaces.length === 1) sp.set('namespace', p.namespaces[0]);
  return `/api/exports/findings?${sp.toString()}`;
}

/** `teamScoped`: the caller sees their teams' part of the fleet, which the report covers. */
export function ReportBuilder({ clusters, teamScoped = false }: { clusters: BuilderCluster[]; teamScoped?: boolean }) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string[]>(clusters.length === 1 ? [clusters[0].id] : []);
  const [sections, setSections] = useState<ReportParams['sections']>([]);
  const [severities, setSeverities] = useState<ReportParams['severities']>([]);
  const [namespaces, setNamespaces] = useState('');
  const [label, setLabel] = useState('');
  const [days, setDays] = useState('30');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);

  const params = {
    clusters: selected,
    sections,
    severities,
    namespaces: namespaces.split(',').map((s) => s.trim()).filter(Boolean),
    ...(label.trim() ? { label: label.trim() } : {}),
    days: Number(days),
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch('/api/reports/pdf', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(params),
      });
      if (res.status === 202) {
        setMessage({ tone: 'info', text: 'This report is large: it is being generated in the background. It appears in the list below; download it when it is ready.' });
        await queryClient.invalidateQueries({ queryKey: ['reports'] });
      } else if (res.ok) {
        const blob = await res.blob();
        const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'rampart-report.pdf';
        downloadBlob(blob, name);
        setMessage({ tone: 'info', text: `Downloaded ${name}.` });
      } else {
        const body = (await res.json().catch(() => ({}))) as { error?: string };
        setMessage({ tone: 'error', text: body.error ?? `The report could not be generated (HTTP ${res.status}).` });
      }
    } catch {
      setMessage({ tone: 'error', text: 'Cannot reach the Rampart server. Check your connection and try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card>
      <CardHeader title="Build a remediation report" description="A PDF for people: grade, section scorecards, the score trend, what changed, and every open finding with why it matters and how to fix it." />
      <CardBody>
        <form onSubmit={submit} className="space-y-5" aria-label="Build a remediation report">
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-foreground">Clusters</legend>
            <p className="text-xs text-muted">{teamScoped ? "None selected: every cluster of your teams. The report covers your teams' namespaces only." : 'None selected: the whole fleet.'}</p>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {clusters.map((c) => (
                <Check key={c.id} name="cluster" label={c.name} checked={selected.includes(c.id)} onChange={() => setSelected((s) => toggle(s, c.id))} />
              ))}
            </div>
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-foreground">Sections</legend>
            <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
              {SECTION_IDS.map((s) => (
                <Check key={s} name="section" label={`${SECTIONS[s].number} ${SECTIONS[s].title}`} checked={sections.includes(s)} onChange={() => setSections((x) => toggle(x, s))} />
              ))}
            </div>
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-foreground">Severities</legend>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {SEVERITIES.map((s) => (
                <Check key={s} name="severity" label={s} checked={severities.includes(s)} onChange={() => setSeverities((x) => toggle(x, s))} />
              ))}
            </div>
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Namespaces" hint="Comma-separated; empty: all.">
              {(p) => <Input {...p} name="namespaces" value={namespaces} onChange={(e) => setNamespaces(e.target.value)} placeholder="shop-frontend, data" />}
            </Field>
            <Field label="Cluster label" hint="key=value, e.g. env=prod.">
              {(p) => <Input {...p} name="label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="env=prod" />}
            </Field>
            <Field label="Trend period">
              {(p) => (
                <Select
                  {...p}
                  name="days"
                  value={days}
                  onChange={(e) => setDays(e.target.value)}
                  options={[
                    { value: '7', label: 'Last 7 days' },
                    { value: '30', label: 'Last 30 days' },
                    { value: '90', label: 'Last 90 days' },
                    { value: '365', label: 'Last year' },
                  ]}
                />
              )}
            </Field>
          </div>
          {message ? (
            <p role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'text-sm font-medium text-danger' : 'text-sm text-muted'}>
              {message.text}
            </p>
          ) : null}
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" loading={busy} icon={<FileText className="size-4" />}>
              Generate PDF
            </Button>
            <span className="text-xs text-muted">Machine exports of the same findings:</span>
            {(['csv', 'json', 'sarif'] as const).map((f) => (
              <a key={f} href={exportHref(f, params)} className="inline-flex items-center gap-1 text-sm font-medium text-accent hover:underline" download>
                <Download className="size-3.5" aria-hidden="true" />
                {f.toUpperCase()}
              </a>
            ))}
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
