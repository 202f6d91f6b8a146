'use client';

import { useEffect, useState } from 'react';
import { Button, Dialog, Input } from '@/components/ui';
import { useDeleteCluster, type ClusterDto } from './api';

/** Deleting removes the cluster, its scans and findings: the user must type the name first. */
export function DeleteClusterDialog({ cluster, onClose, onDeleted }: { cluster: ClusterDto | null; onClose: () => void; onDeleted?: () => void }) {
  const del = useDeleteCluster();
  const [typed, setTyped] = useState('');
  const { reset } = del;
  useEffect(() => {
    setTyped('');
    reset();
  }, [cluster?.id, reset]);
  const matches = cluster !== null && typed.trim() === cluster.name;
  return (
    <Dialog
      open={cluster !== null}
      onClose={del.isPending ? () => undefined : onClose}
      title={cluster ? `Delete cluster “${cluster.name}”?` : 'Delete cluster'}
      description="This removes the registration, its stored credentials and every scan and finding of this cluster. It cannot be undone."
      size="sm"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={del.isPending}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={!matches}
            loading={del.isPending}
            onClick={() => {
              if (!cluster || !matches) return;
              del.mutate(cluster.id, {
                onSuccess: () => {
                  onClose();
                  onDeleted?.();
                },
              });
            }}
          >
            Delete cluster
          </Button>
        </>
      }
    >
      {cluster ? (
        <div className="space-y-3 text-sm">
          <label className="block space-y-1.5">
            <span>
              Type <strong className="font-mono">{cluster.name}</strong> to confirm.
            </span>
            <Input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} aria-label="Cluster name to confirm deletion" />
          </label>
          {del.isError ? (
            <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-danger">
              Could not delete the cluster: {del.error.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
