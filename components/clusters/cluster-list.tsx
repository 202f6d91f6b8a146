'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Plus, Server, Trash2 } from 'lucide-react';
import { Button, ButtonLink, EmptyState, ErrorState, LoadingRows, Table, TableCaption, TBody, TD, TH, THead, TR } from '@/components/ui';
import { ConnectionStatus, EnabledBadge, EnvironmentBadge, LabelChips } from './cluster-badges';
import { DeleteClusterDialog } from './delete-cluster-dialog';
import { useClusters, useTestStoredConnection, type ClusterDto } from './api';

export interface ClusterPermissions {
  /** admin: register, edit, enable/disable, delete */
  canManage: boolean;
  /** analyst and up: test connections */
  canTest: boolean;
}

function TestButton({ cluster }: { cluster: ClusterDto }) {
  const test = useTestStoredConnection(cluster.id);
  return (
    <Button variant="secondary" size="sm" loading={test.isPending} onClick={() => test.mutate()} aria-label={`Test connection to ${cluster.name}`}>
      Test
    </Button>
  );
}

export function ClusterList({ canManage, canTest }: ClusterPermissions) {
  const clusters = useClusters();
  const [deleting, setDeleting] = useState<ClusterDto | null>(null);

  if (clusters.isPending) return <LoadingRows rows={4} label="Loading clusters…" />;
  if (clusters.isError) {
    return (
      <ErrorState
        title="Could not load the clusters"
        error={clusters.error}
        action={
          <Button variant="secondary" size="sm" onClick={() => clusters.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }
  if (clusters.data.length === 0) {
    return (
      <EmptyState
        icon={<Server className="size-5" />}
        title="Register your first cluster"
        description={
          canManage
            ? 'Rampart scans a cluster once it is registered: upload a kubeconfig or paste an API URL and a read-only service-account token.'
            : 'No clusters are registered yet. Ask an administrator to register one; you will see its posture here.'
        }
        action={
          canManage ? (
            <ButtonLink href="/clusters/new" icon={<Plus className="size-4" aria-hidden="true" />}>
              Register cluster
            </ButtonLink>
          ) : null
        }
      />
    );
  }

  return (
    <>
      <Table>
        <TableCaption>Registered clusters</TableCaption>
        <THead>
          <tr>
            <TH>Name</TH>
            <TH>Environment</TH>
            <TH>Labels</TH>
            <TH>API server</TH>
            <TH>Connection</TH>
            <TH className="text-right">
              <span className="sr-only">Actions</span>
            </TH>
          </tr>
        </THead>
        <TBody>
          {clusters.data.map((c) => (
            <TR key={c.id} data-testid={`cluster-row-${c.name}`}>
              <TD className="font-medium whitespace-nowrap">
                <span className="inline-flex items-center gap-2">
                  <Link href={`/clusters/${c.id}`} className="text-accent hover:underline">
                    {c.name}
                  </Link>
                  {c.enabled ? null : <EnabledBadge enabled={false} />}
                </span>
                {c.description ? <p className="max-w-44 truncate text-xs font-normal text-muted" title={c.description}>{c.description}</p> : null}
              </TD>
              <TD>
                <EnvironmentBadge environment={c.environment} />
              </TD>
              <TD>
                <LabelChips labels={c.labels} max={3} />
              </TD>
              <TD className="max-w-40">
                <span className="block truncate font-mono text-xs" title={c.apiServerUrl ?? undefined}>
                  {c.apiServerUrl ?? 'in-cluster'}
                </span>
              </TD>
              <TD>
                <ConnectionStatus cluster={c} />
              </TD>
              <TD className="text-right whitespace-nowrap">
                <div className="flex items-center justify-end gap-1.5">
                  {canTest ? <TestButton cluster={c} /> : null}
                  {canManage ? (
                    <Button variant="ghost" size="icon" aria-label={`Delete ${c.name}`} title={`Delete ${c.name}`} onClick={() => setDeleting(c)}>
                      <Trash2 className="size-4 text-danger" aria-hidden="true" />
                    </Button>
                  ) : null}
                </div>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {canManage ? <DeleteClusterDialog cluster={deleting} onClose={() => setDeleting(null)} /> : null}
    </>
  );
}
