'use client';

import { ShieldCheck } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { AcceptRiskDialog } from '@/components/exceptions/accept-risk-dialog';
import { Button } from '@/components/ui';

const REQUESTED = 'Request recorded: it applies once another analyst or admin approves it under Settings → Exceptions.';

/** "Accept risk" for one finding (finding page): records a request that a second person approves. */
export function AcceptRiskButton({ findingId }: { findingId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [requested, setRequested] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        <ShieldCheck className="size-4" aria-hidden="true" /> Accept risk
      </Button>
      {requested ? (
        <p role="status" className="text-sm text-muted">
          {REQUESTED}
        </p>
      ) : null}
      <AcceptRiskDialog
        open={open}
        onClose={() => setOpen(false)}
        target={{ findingIds: [findingId] }}
        onAccepted={() => {
          setRequested(true);
          router.refresh();
        }}
      />
    </>
  );
}

/**
 * Bulk accept in the findings browser: the rows' checkboxes (data-finding-select) are plain
 * inputs rendered by the server table; this reads the checked ones when pressed.
 */
export function BulkAcceptRisk() {
  const router = useRouter();
  const [ids, setIds] = useState<string[]>([]);
  const [hint, setHint] = useState<string | null>(null);
  const start = () => {
    const checked = [...document.querySelectorAll<HTMLInputElement>('input[data-finding-select]:checked')].map((i) => i.value);
    if (checked.length === 0) {
      setHint('Select the findings to accept first (the checkboxes in the first column).');
      return;
    }
    setHint(null);
    setIds(checked);
  };
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={start}>
        <ShieldCheck className="size-4" aria-hidden="true" /> Accept selected as risk
      </Button>
      {hint ? (
        <p role="status" className="text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <AcceptRiskDialog
        open={ids.length > 0}
        onClose={() => setIds([])}
        target={{ findingIds: ids }}
        onAccepted={() => {
          for (const input of document.querySelectorAll<HTMLInputElement>('input[data-finding-select]:checked')) input.checked = false;
          setHint(REQUESTED);
          router.refresh();
        }}
      />
    </div>
  );
}
