import { CheckCircle2, CircleDashed, XCircle } from 'lucide-react';
import { Badge, type BadgeTone } from '@/components/ui';
import { RelativeTime } from '@/components/ui/relative-time';
import type { ClusterDto } from '@/lib/clusters/dto';
import type { ClusterEnvironment } from '@/lib/clusters/schema';

const ENV_TONES: Record<ClusterEnvironment, BadgeTone> = { production: 'danger', staging: 'warning', development: 'info' };
const ENV_LABELS: Record<ClusterEnvironment, string> = { production: 'Production', staging: 'Staging', development: 'Development' };

export function EnvironmentBadge({ environment }: { environment: ClusterEnvironment }) {
  return <Badge tone={ENV_TONES[environment]}>{ENV_LABELS[environment]}</Badge>;
}

export function LabelChips({ labels, max = 4 }: { labels: Record<string, string>; max?: number }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="text-xs text-muted">—</span>;
  const shown = entries.slice(0, max);
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Labels">
      {shown.map(([k, v]) => (
        <li key={k}>
          <span className="inline-flex max-w-56 items-center truncate rounded bg-surface-muted px-1.5 py-0.5 font-mono text-[11px] text-foreground ring-1 ring-border ring-inset">
            {k}
            {v ? `=${v}` : ''}
          </span>
        </li>
      ))}
      {entries.length > max ? <li className="text-xs text-muted">+{entries.length - max} more</li> : null}
    </ul>
  );
}

/** Connected / failed / never tested, with when it was checked and the server version. */
export function ConnectionStatus({ cluster, detailed = false }: { cluster: ClusterDto; detailed?: boolean }) {
  const last = cluster.lastConnection;
  if (!last) {
    return (
      <div className="flex flex-col gap-0.5">
        <span className="inline-flex items-center gap-1.5 text-sm text-muted">
          <CircleDashed className="size-4" aria-hidden="true" /> Not tested yet
        </span>
      </div>
    );
  }
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      {last.ok ? (
        <span className="inline-flex items-center gap-1.5 text-sm font-medium text-success" data-testid="connection-status">
          <CheckCircle2 className="size-4 shrink-0" aria-hidden="true" /> Connected
          {cluster.serverVersion ? <span className="font-mono text-xs font-normal text-foreground">{cluster.serverVersion}</span> : null}
        </span>
      ) : (
        <span className="inline-flex items-center gap-1.5 text-sm font-medium text-danger" data-testid="connection-status">
          <XCircle className="size-4 shrink-0" aria-hidden="true" /> Connection failed
        </span>
      )}
      <span className="text-xs text-muted">
        checked <RelativeTime date={last.at} />
      </span>
      {detailed || !last.ok ? (
        last.message && !last.ok ? (
          <span className={detailed ? 'text-sm text-foreground' : 'line-clamp-2 max-w-60 text-xs text-danger'} title={last.message}>
            {last.message}
          </span>
        ) : null
      ) : null}
    </div>
  );
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <Badge tone="success" dot>
      Enabled
    </Badge>
  ) : (
    <Badge tone="neutral" dot>
      Disabled
    </Badge>
  );
}

export const AUTH_TYPE_LABELS: Record<ClusterDto['authType'], string> = {
  kubeconfig: 'Kubeconfig',
  token: 'API URL + token',
  in_cluster: 'In-cluster service account',
  agent: 'Agent (pushes snapshots)',
};
