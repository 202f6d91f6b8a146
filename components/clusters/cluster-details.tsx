'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Pencil, PlugZap, Power, Trash2 } from 'lucide-react';
import { Button, ButtonLink, Card, CardBody, CardHeader, ErrorState, PageHeader, Skeleton } from '@/components/ui';
import { RelativeTime } from '@/components/ui/relative-time';
import { ApiError } from '@/lib/api-client';
import { AUTH_TYPE_LABELS, ConnectionStatus, EnabledBadge, EnvironmentBadge, LabelChips } from './cluster-badges';
import { ConnectionTestResultView } from './cluster-form';
import { DeleteClusterDialog } from './delete-cluster-dialog';
import { ClusterScans } from '@/components/scans/ClusterScans';
import { useCluster, useTestStoredConnection, useUpdateCluster } from './api';
import type { ClusterPermissions } from './cluster-list';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-2.5 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="min-w-0 text-sm text-foreground">{children}</dd>
    </div>
  );
}

function DetailsSkeleton() {
  return (
    <div className="space-y-4" role="status" aria-live="polite">
      <span className="sr-only">Loading cluster…</span>
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-48 w-full" />
      <Skeleton className="h-32 w-full" />
    </div>
  );
}

export function ClusterDetails({ id, canManage, canTest }: { id: string } & ClusterPermissions) {
  const router = useRouter();
  const cluster = useCluster(id);
  const test = useTestStoredConnection(id);
  const update = useUpdateCluster(id);
  const [deleteOpen, setDeleteOpen] = useState(false);

  if (cluster.isPending) return <DetailsSkeleton />;
  if (cluster.isError) {
    const notFound = cluster.error instanceof ApiError && cluster.error.status === 404;
    return (
      <ErrorState
        title={notFound ? 'Cluster not found' : 'Could not load the cluster'}
        error={cluster.error}
        action={
          notFound ? (
            <ButtonLink href="/clusters" variant="secondary" size="sm">
              Back to clusters
            </ButtonLink>
          ) : (
            <Button variant="secondary" size="sm" onClick={() => cluster.refetch()}>
              Try again
            </Button>
          )
        }
      />
    );
  }
  const c = cluster.data;

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link href="/clusters" className="hover:underline">
            Clusters
          </Link>
        }
        title={
          <span className="inline-flex flex-wrap items-center gap-2">
            {c.name} <EnvironmentBadge environment={c.environment} /> <EnabledBadge enabled={c.enabled} />
          </span>
        }
        description={c.description ?? undefined}
        actions={
          <>
            {canTest ? (
              <Button variant="secondary" icon={<PlugZap className="size-4" aria-hidden="true" />} loading={test.isPending} onClick={() => test.mutate()}>
                Test connection
              </Button>
            ) : null}
            {canManage ? (
              <>
                <ButtonLink href={`/clusters/${c.id}/edit`} variant="secondary" icon={<Pencil className="size-4" aria-hidden="true" />}>
                  Edit
                </ButtonLink>
                <Button
                  variant="secondary"
                  icon={<Power className="size-4" aria-hidden="true" />}
                  loading={update.isPending}
                  onClick={() => update.mutate({ enabled: !c.enabled })}
                >
                  {c.enabled ? 'Disable' : 'Enable'}
                </Button>
                <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden="true" />} onClick={() => setDeleteOpen(true)}>
                  Delete
                </Button>
              </>
            ) : null}
          </>
        }
      />

      {c.insecureTlsAllowed ? (
        <p role="alert" data-testid="insecure-tls-warning" className="rounded-md border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger">
          TLS verification is off for this cluster: its kubeconfig sets insecure-skip-tls-verify, and an admin allowed it. Anyone on the network path to the API server could pose as
          it and receive the scanner&apos;s credentials. Add the cluster CA (certificate-authority-data) to the kubeconfig and withdraw the permission.
        </p>
      ) : null}
      {test.data ? <ConnectionTestResultView result={test.data.result} /> : null}
      {test.isError ? <ErrorState title="Could not test the connection" error={test.error} /> : null}
      {update.isError ? <ErrorState title={c.enabled ? 'Could not disable the cluster' : 'Could not enable the cluster'} error={update.error} /> : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Connection" />
          <CardBody>
            <dl className="divide-y divide-border">
              <Row label="Status">
                <ConnectionStatus cluster={c} detailed />
              </Row>
              <Row label="Kubernetes version">{c.serverVersion ? <span className="font-mono">{c.serverVersion}</span> : <span className="text-muted">unknown until a successful test</span>}</Row>
              <Row label="API server">
                <span className="font-mono break-all">{c.apiServerUrl ?? 'in-cluster (kubernetes.default.svc)'}</span>
              </Row>
              <Row label="Authentication">
                {AUTH_TYPE_LABELS[c.authType]}
                {c.contextName ? (
                  <span className="text-muted">
                    {' '}
                    · context <span className="font-mono">{c.contextName}</span>
                  </span>
                ) : null}
              </Row>
              <Row label="Credentials">
                <span className="text-muted">Encrypted at rest; never displayed.</span>
              </Row>
            </dl>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Registration" />
          <CardBody>
            <dl className="divide-y divide-border">
              <Row label="Labels">
                <LabelChips labels={c.labels} max={20} />
              </Row>
              <Row label="Scan schedule">
                <span className="font-mono">{c.scanSchedule}</span> <span className="text-muted">({c.scheduleTimezone})</span>
              </Row>
              <Row label="Watch mode">
                {c.watchMode ? <span>On: re-evaluated within a minute of a change</span> : <span className="text-muted">Off: scanned on the schedule and on demand</span>}
              </Row>
              <Row label="Next scheduled scan">
                {c.nextScanAt ? <RelativeTime date={c.nextScanAt} /> : <span className="text-muted">none — the cluster is disabled</span>}
              </Row>
              <Row label="Registered">
                <RelativeTime date={c.createdAt} />
              </Row>
              <Row label="Last changed">
                <RelativeTime date={c.updatedAt} />
              </Row>
            </dl>
          </CardBody>
        </Card>
      </div>

      <section aria-labelledby="cluster-scans-title">
        <Card>
          <CardHeader id="cluster-scans-title" title="Scans" description="Scan history, scores and findings of this cluster." />
          <CardBody>
            <ClusterScans clusterId={id} canScan={canTest} />
          </CardBody>
        </Card>
      </section>

      {canManage ? (
        <DeleteClusterDialog
          cluster={deleteOpen ? c : null}
          onClose={() => setDeleteOpen(false)}
          onDeleted={() => {
            router.push('/clusters');
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
