import { Badge, type BadgeTone } from '@/components/ui/badge';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, isRole } from '@/lib/auth/roles';

const TONES = { admin: 'accent', analyst: 'info', viewer: 'neutral' } as const satisfies Record<string, BadgeTone>;

export function RoleBadge({ role }: { role: string }) {
  if (!isRole(role)) return <Badge tone="danger">unknown role</Badge>;
  return (
    <Badge tone={TONES[role]} title={ROLE_DESCRIPTIONS[role]}>
      {ROLE_LABELS[role]}
    </Badge>
  );
}
