'use client';

/** Who can <verb> <resource> [in <namespace>]: subjects with their chains; CSV export; a subject's reverse view. */
import { Download } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Badge, Button, buttonClasses, EmptyState, ErrorState, Input, LoadingRows } from '@/components/ui';
import { rbacUrl, useRbacWhoCan, type WhoCanParams } from './api';
import { ChainLine } from './shared';
import { SubjectPanel } from './subject-panel';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'bind', 'escalate', '*'];

export function WhoCanTab({ clusterId, scan }: { clusterId: string; scan: string | undefined }) {
  const [verb, setVerb] = useState('get');
  const [resource, setResource] = useState('secrets');
  const [namespace, setNamespace] = useState('');
  const [params, setParams] = useState<WhoCanParams | null>(null);
  const [subject, setSubject] = useState<string | null>(null);
  const q = useRbacWhoCan(clusterId, scan, params);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubject(null);
    setParams({ verb: verb.trim(), resource: resource.trim(), ...(namespace.trim() ? { namespace: namespace.trim() } : {}) });
  };

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Who can">
        <div>
          <label htmlFor="wc-verb" className="mb-1 block text-xs font-medium text-muted">
            Verb
          </label>
          <Input id="wc-verb" list="wc-verbs" className="w-36" value={verb} onChange={(e) => setVerb(e.target.value)} required />
          <datalist id="wc-verbs">
            {VERBS.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor="wc-resource" className="mb-1 block text-xs font-medium text-muted">
            Resource
          </label>
          <Input id="wc-resource" className="w-56" value={resource} onChange={(e) => setResource(e.target.value)} placeholder="pods/exec, deployments.apps, /metrics" required />
        </div>
        <div>
          <label htmlFor="wc-namespace" className="mb-1 block text-xs font-medium text-muted">
            Namespace
          </label>
          <Input id="wc-namespace" className="w-40" value={namespace} onChange={(e) => setNamespace(e.target.value)} placeholder="cluster-wide" />
        </div>
        <Button type="submit">Who can?</Button>
        {params && q.data ? (
          // A plain <a>: a Next <Link> would prefetch the API route (without its query) and log a 400.
          <a className={buttonClasses('secondary')} href={rbacUrl(clusterId, '/who-can', { scan, ...params, format: 'csv' })} download>
            <Download className="size-4" aria-hidden="true" />
            Export CSV
          </a>
        ) : null}
      </form>

      {!params ? (
        <EmptyState title="Ask a question" description="For example: who can get secrets in payments, who can create pods/exec, who can impersonate users." />
      ) : q.isPending ? (
        <LoadingRows rows={5} label="Evaluating RBAC…" />
      ) : q.isError ? (
        <ErrorState title="Could not answer" error={q.error} />
      ) : q.data.rows.length === 0 ? (
        <EmptyState title="Nobody" description={`No subject can ${q.data.verb} ${q.data.resource}${q.data.namespace ? ` in ${q.data.namespace}` : ' cluster-wide'}.`} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[1fr_380px]">
          <div className="overflow-hidden rounded-lg border border-border bg-surface">
            <table className="w-full table-fixed text-sm" data-testid="who-can-table">
              <caption className="sr-only">Subjects that can {q.data.verb} {q.data.resource}</caption>
              <thead className="bg-surface-muted text-left text-xs text-muted">
                <tr>
                  <th scope="col" className="w-56 px-3 py-2 font-medium">
                    Subject
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Binding → role → rule
                  </th>
                </tr>
              </thead>
              <tbody>
                {q.data.rows.map((row) => (
                  <tr key={row.subjectKey} className="border-t border-border align-top" data-testid="who-can-row">
                    <td className="px-3 py-2">
                      <button type="button" className="text-left font-medium text-accent hover:underline" onClick={() => setSubject(row.subjectKey)}>
                        {row.label}
                      </button>
                      <div className="mt-1 flex gap-1">
                        {row.isSystem ? <Badge>system</Badge> : null}
                        {!row.allowed ? <Badge tone="warning">named objects only</Badge> : null}
                      </div>
                    </td>
                    <td className="space-y-1 px-3 py-2">
                      {[...row.chains, ...row.restrictedChains].map((c, i) => (
                        <ChainLine key={i} chain={c} />
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <aside className="rounded-lg border border-border bg-surface p-4" aria-label="Subject">
            {subject ? <SubjectPanel clusterId={clusterId} scan={scan} subjectKey={subject} /> : <p className="text-sm text-muted">Click a subject to see everything it can do, grouped by risk.</p>}
          </aside>
        </div>
      )}
    </div>
  );
}
