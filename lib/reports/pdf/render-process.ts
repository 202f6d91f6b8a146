/**
 * Entry of the PDF renderer child process (started by ./isolated.ts through tsx, with a heap
 * cap). It receives one report view model over IPC, renders it with @react-pdf/renderer and
 * sends back the PDF bytes, then exits: layout is CPU-bound and synchronous for seconds, so it
 * never runs on the web process's event loop, and whatever it allocates dies with it.
 */
import type { ReportViewModel } from '../view-model';
import type { EvidenceBundle } from '../../compliance/evidence';
import type { EvidenceDigest } from '../../compliance/evidence-digest';
import { renderEvidencePdf, renderReportPdf } from './render';

export type RenderReply = { ok: true; pdf: Uint8Array } | { ok: false; error: string };

function reply(message: RenderReply, code: number): void {
  if (!process.send) process.exit(2);
  process.send(message, undefined, {}, () => process.exit(code));
}

process.once('message', (message: { vm: ReportViewModel } | { evidence: EvidenceBundle & { digest: EvidenceDigest } }) => {
  ('evidence' in message ? renderEvidencePdf(message.evidence) : renderReportPdf(message.vm)).then(
    (pdf) => reply({ ok: true, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.length) }, 0),
    (err: unknown) => reply({ ok: false, error: err instanceof Error ? err.message : String(err) }, 1),
  );
});
