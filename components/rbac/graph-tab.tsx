'use client';

/**
 * Graph tab: focus a node (search), 1–3 hops around it, filters (namespace, subject kind, risk,
 * system subjects), click a node for its details; export what is shown as SVG.
 *
 * Without focus it opens on the few riskiest subjects (DEFAULT_SEEDS) and their paths, with
 * "Show all" for every risky subject. The canvas takes the full width; a clicked node's details
 * open over its right edge, with links to the subject's and the workloads' findings.
 */
import { Download, ExternalLink, Search, X } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { RbacGraphCanvas } from '@/components/graph/rbac-graph-canvas';
import { graphToSvg, layoutGraph, LIGHT_PALETTE, type SvgPalette } from '@/components/graph/layout';
import { useTheme } from '@/components/shell/theme';
import { Badge, Button, EmptyState, ErrorState, Input, Select, Skeleton } from '@/components/ui';
import type { GraphViewNode } from '@/lib/rbac/explorer/graph-view';
import { RISKS } from '@/lib/rbac/risks';
import { useRbacGraph, useRbacSearch } from './api';
import { downloadText, workloadFindingsHref } from './shared';
import { SubjectPanel } from './subject-panel';

const DARK_PALETTE: SvgPalette = {
  background: '#0b0f17',
  surface: '#111723',
  border: '#33415a',
  text: '#e6e9ef',
  muted: '#9aa4b5',
  edge: '#6b768a',
  severity: { critical: '#f87171', high: '#fb923c', medium: '#facc15', low: '#60a5fa', info: '#94a3b8' },
};

/** "Show all" asks for this many subjects (the API's cap); the node limit still applies. */
const ALL_SEEDS = 200;

function NodeDetails({ node, clusterId }: { node: GraphViewNode; clusterId: string }) {
  const d = node.data;
  const rows: Array<[string, string]> = [];
  if (d.type === 'binding') {
    rows.push(['Scope', d.scope.kind === 'cluster' ? 'cluster-wide' : `namespace ${d.scope.namespace}`]);
    if (d.dangling) rows.push(['State', 'dangling: its role does not exist, it grants nothing (yet)']);
  } else if (d.type === 'role') {
    rows.push(['Rules', `${d.ownRules} own, ${d.effectiveRules} after aggregation`]);
    if (d.aggregated) rows.push(['Aggregated', 'yes: rules come from ClusterRoles matching its aggregationRule']);
  } else if (d.type === 'permission') {
    rows.push(['Role', `${d.role.kind} ${d.role.namespace ? `${d.role.namespace}/` : ''}${d.role.name}`]);
    rows.push(['Verbs', d.rule.verbs.join(', ')]);
    if (d.rule.resources.length) rows.push(['Resources', d.rule.resources.join(', ')]);
    if (d.rule.apiGroups.length) rows.push(['API groups', d.rule.apiGroups.map((g) => g || 'core').join(', ')]);
    if (d.rule.resourceNames.length) rows.push(['Only names', d.rule.resourceNames.join(', ')]);
    if (d.rule.nonResourceURLs.length) rows.push(['URLs', d.rule.nonResourceURLs.join(', ')]);
  } else if (d.type === 'workload') {
    rows.push(['Token', d.automountServiceAccountToken ? 'mounted: code in its pods holds the service account\'s powers' : 'not mounted']);
  }
  const workload = d.type === 'workload' ? d.workload : null;
  return (
    <div className="space-y-3 text-sm" data-testid="node-details">
      <div>
        <p className="text-xs font-medium tracking-wide text-muted uppercase">{node.kind}</p>
        <h3 className="text-base font-semibold break-all text-foreground">{node.label}</h3>
      </div>
      {node.risks.length > 0 ? (
        <div className="flex flex-wrap gap-1">
          {node.risks.map((r) => (
            <Badge key={r} tone="danger">
              {RISKS.find((x) => x.id === r)?.title ?? r}
            </Badge>
          ))}
        </div>
      ) : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd className="break-words text-foreground">{v}</dd>
          </div>
        ))}
      </dl>
      {workload ? (
        <Link href={workloadFindingsHref(clusterId, workload)} prefetch={false} className="inline-flex items-center gap-1 text-xs font-medium text-accent hover:underline" data-testid="workload-findings-link">
          Findings for {workload.kind} {workload.namespace ? `${workload.namespace}/` : ''}
          {workload.name} <ExternalLink className="size-3" aria-hidden="true" />
        </Link>
      ) : null}
    </div>
  );
}

export function GraphTab({ clusterId, scan }: { clusterId: string; scan: string | undefined }) {
  const { resolved } = useTheme();
  const [focus, setFocus] = useState<string | undefined>(undefined);
  const [hops, setHops] = useState(2);
  const [namespace, setNamespace] = useState('');
  const [subjectKind, setSubjectKind] = useState('');
  const [risk, setRisk] = useState('');
  const [includeSystem, setIncludeSystem] = useState(false);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);

  const graph = useRbacGraph(clusterId, { scan, focus, hops, ...(showAll ? { top: ALL_SEEDS } : {}), namespace: namespace.trim() || undefined, subjectKind: subjectKind || undefined, risk: risk || undefined, includeSystem });
  const matches = useRbacSearch(clusterId, scan, search, includeSystem);
  const view = graph.data;
  const selectedNode = view?.nodes.find((n) => n.id === selected) ?? null;

  const exportSvg = () => {
    if (!view) return;
    const svg = graphToSvg(layoutGraph(view), resolved === 'dark' ? DARK_PALETTE : LIGHT_PALETTE, focus ? `RBAC graph around ${focus}` : 'RBAC graph');
    downloadText('rbac-graph.svg', svg, 'image/svg+xml');
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="relative w-72">
          <label htmlFor="rbac-search" className="mb-1 block text-xs font-medium text-muted">
            Focus on
          </label>
          <Search className="pointer-events-none absolute bottom-2.5 left-2.5 size-4 text-subtle" aria-hidden="true" />
          <Input id="rbac-search" className="pl-8" placeholder="Service account, user, group, role…" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
          {search.trim() && matches.data ? (
            <ul role="listbox" aria-label="Matching nodes" className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-border bg-surface-raised py-1 shadow-lg">
              {matches.data.length === 0 ? <li className="px-3 py-2 text-sm text-muted">No match</li> : null}
              {matches.data.map((m) => (
                <li key={m.id} role="option" aria-selected={focus === m.id}>
                  <button
                    type="button"
                    className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm hover:bg-surface-muted"
                    onClick={() => {
                      setFocus(m.id);
                      setSelected(m.id);
                      setSearch('');
                    }}
                  >
                    <span className="w-28 shrink-0 truncate text-xs text-muted">{m.kind}</span>
                    <span className="truncate text-foreground">{m.label}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        <div>
          <label htmlFor="rbac-hops" className="mb-1 block text-xs font-medium text-muted">
            Hops
          </label>
          <Select id="rbac-hops" className="w-20" value={String(hops)} onChange={(e) => setHops(Number(e.target.value))} options={[1, 2, 3].map((h) => ({ value: String(h), label: String(h) }))} />
        </div>
        <div>
          <label htmlFor="rbac-ns" className="mb-1 block text-xs font-medium text-muted">
            Namespace
          </label>
          <Input id="rbac-ns" className="w-36" placeholder="all" value={namespace} onChange={(e) => setNamespace(e.target.value)} />
        </div>
        <div>
          <label htmlFor="rbac-kind" className="mb-1 block text-xs font-medium text-muted">
            Subject kind
          </label>
          <Select
            id="rbac-kind"
            className="w-40"
            value={subjectKind}
            onChange={(e) => setSubjectKind(e.target.value)}
            placeholder="All kinds"
            options={['ServiceAccount', 'User', 'Group'].map((k) => ({ value: k, label: k }))}
          />
        </div>
        <div>
          <label htmlFor="rbac-risk" className="mb-1 block text-xs font-medium text-muted">
            Risk
          </label>
          <Select id="rbac-risk" className="w-56" value={risk} onChange={(e) => setRisk(e.target.value)} placeholder="Any" options={RISKS.map((r) => ({ value: r.id, label: r.title }))} />
        </div>
        <label className="flex h-9 items-center gap-2 text-sm text-foreground">
          <input type="checkbox" checked={includeSystem} onChange={(e) => setIncludeSystem(e.target.checked)} className="size-4 accent-[var(--accent)]" />
          System subjects
        </label>
        <div className="ml-auto flex gap-2">
          {focus ? (
            <Button variant="ghost" size="sm" icon={<X className="size-4" aria-hidden="true" />} onClick={() => (setFocus(undefined), setSelected(null))}>
              Clear focus
            </Button>
          ) : null}
          <Button variant="secondary" size="sm" icon={<Download className="size-4" aria-hidden="true" />} onClick={exportSvg} disabled={!view || view.nodes.length === 0}>
            Export SVG
          </Button>
        </div>
      </div>

      {view ? (
        <p className="text-xs text-muted" data-testid="graph-caption">
          {focus
            ? `${view.nodes.length} nodes within ${view.hops} hop${view.hops > 1 ? 's' : ''} of the focus`
            : `${view.seeded < view.riskySubjects ? `The ${view.seeded} riskiest of ${view.riskySubjects} risky subjects` : `All ${view.riskySubjects} risky subjects`} and ${view.hops} hop${view.hops > 1 ? 's' : ''} around them: ${view.nodes.length} nodes`}{' '}
          (of {view.totalNodes} in the cluster{includeSystem ? '' : ', system subjects hidden'}).
          {view.truncated ? ' Cut at 300 nodes: narrow the filters or lower the hops.' : ''} Coloured edges and badges mark risky permissions.{' '}
          {!focus && (showAll || view.seeded < view.riskySubjects) ? (
            <button type="button" className="font-medium text-accent hover:underline" onClick={() => (setShowAll(!showAll), setSelected(null))}>
              {showAll ? 'Show the riskiest only' : `Show all ${view.riskySubjects}`}
            </button>
          ) : null}
        </p>
      ) : null}

      <div className="relative h-[calc(100vh-19rem)] min-h-[520px] overflow-hidden rounded-lg border border-border bg-surface">
        {graph.isError ? (
          <div className="p-4">
            <ErrorState title="Could not load the graph" error={graph.error} />
          </div>
        ) : !view ? (
          <Skeleton className="h-full w-full" />
        ) : view.nodes.length === 0 ? (
          <div className="p-6">
            <EmptyState title="Nothing to show" description={focus ? 'The focus is filtered out or not in this scan. Clear the focus or the filters.' : 'No subject with risky permissions matches these filters.'} />
          </div>
        ) : (
          <RbacGraphCanvas view={view} selected={selected} onSelect={setSelected} dark={resolved === 'dark'} />
        )}
        {selectedNode ? (
          <aside className="absolute top-3 right-3 bottom-3 z-10 w-[360px] max-w-[calc(100%-1.5rem)] overflow-auto rounded-lg border border-border bg-surface-raised p-4 shadow-lg" aria-label="Selected node">
            <button type="button" className="absolute top-2 right-2 rounded p-1 text-muted hover:bg-surface-muted hover:text-foreground" onClick={() => setSelected(null)} aria-label="Close the details">
              <X className="size-4" aria-hidden="true" />
            </button>
            <div className="space-y-3">
              {selectedNode.type === 'subject' ? <SubjectPanel clusterId={clusterId} scan={scan} subjectKey={selectedNode.id.replace(/^subject:/, '')} /> : <NodeDetails node={selectedNode} clusterId={clusterId} />}
              {selectedNode.id !== focus ? (
                <Button size="sm" variant="outline" onClick={() => setFocus(selectedNode.id)}>
                  Focus here
                </Button>
              ) : null}
            </div>
          </aside>
        ) : null}
      </div>
      {!selectedNode && view && view.nodes.length > 0 ? <p className="text-xs text-muted">Click a node for its details and links to its findings; search above to focus the graph on a subject, role or workload.</p> : null}
    </div>
  );
}
