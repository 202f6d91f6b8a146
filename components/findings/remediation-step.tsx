import { stepParts } from '@/lib/remediation/steps';

/** One remediation step, its `code` spans set in monospace. */
export function RemediationStep({ text }: { text: string }) {
  return (
    <>
      {stepParts(text).map((p, i) =>
        p.code ? (
          <code key={i} className="rounded bg-surface-muted px-1 py-0.5 font-mono text-[0.85em]">
            {p.text}
          </code>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
