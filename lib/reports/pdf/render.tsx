/**
 * Renders a report view model to PDF bytes (server-side, @react-pdf/renderer).
 *
 * The table of contents shows the page each chapter starts on. Those pages are only known after
 * layout, so the document is laid out once to record them (Anchor render callbacks) and, when
 * the contents page could not show them in that pass, once more with the numbers filled in.
 */
import React from 'react';
import { renderToBuffer } from '@react-pdf/renderer';
import type { ReportViewModel } from '../view-model';
import type { EvidenceBundle } from '../../compliance/evidence';
import type { EvidenceDigest } from '../../compliance/evidence-digest';
import { ReportDocument } from './document';
import { EvidenceDocument, keepWordsWhole } from './evidence-document';

export async function renderReportPdf(vm: ReportViewModel): Promise<Buffer> {
  return renderToBuffer(<ReportDocument vm={vm} pages={new Map()} />);
}

/** Renders an evidence pack (lib/compliance/evidence) to PDF bytes. */
export async function renderEvidencePdf(bundle: EvidenceBundle & { digest: EvidenceDigest }): Promise<Buffer> {
  keepWordsWhole();
  return renderToBuffer(<EvidenceDocument bundle={bundle} />);
}
