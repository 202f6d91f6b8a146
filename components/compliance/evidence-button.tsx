'use client';

/**
 * Downloads an evidence pack as a pair that carries one digest: the JSON bundle (GET
 * /api/compliance/evidence) and the PDF rendered from exactly that bundle (POST).
 */
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { downloadBlob } from '@/components/ui/download';

function nameOf(res: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
}

export function EvidenceButton({ framework, clusterId }: { framework: string; clusterId: string | null }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null; digest: string | null }>({ busy: false, error: null, digest: null });
  async function run() {
    setState({ busy: true, error: null, digest: null });
    try {
      const qs = new URLSearchParams({ framework, ...(clusterId ? { cluster: clusterId } : {}), format: 'json' });
      const json = await fetch(`/api/compliance/evidence?${qs.toString()}`);
      if (!json.ok) throw new Error(((await json.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${json.status}`);
      const text = await json.text();
      downloadBlob(new Blob([text], { type: 'application/json' }), nameOf(json, 'rampart-evidence.json'));
      const pdf = await fetch('/api/compliance/evidence', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
      if (!pdf.ok) throw new Error(((await pdf.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${pdf.status}`);
      downloadBlob(await pdf.blob(), nameOf(pdf, 'rampart-evidence.pdf'));
      setState({ busy: false, error: null, digest: json.headers.get('x-rampart-evidence-digest') });
    } catch (err) {
      setState({ busy: false, error: err instanceof Error ? err.message : String(err), digest: null });
    }
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" onClick={run} loading={state.busy}>
        Evidence pack (JSON + PDF)
      </Button>
      {state.digest ? (
        <p className="max-w-xs truncate font-mono text-xs text-muted" title={state.digest} data-testid="evidence-digest">
          SHA-256 {state.digest}
        </p>
      ) : null}
      {state.error ? (
        <p role="alert" className="text-xs text-danger">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
