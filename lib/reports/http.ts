/** Shared bits of the report and export route handlers (server-only). */
import 'server-only';
import { z } from 'zod';
import { HttpError } from '@/lib/auth/api';
import { RAMPART_VERSION } from '@/lib/version';
import { ReportNotReadyError, ReportScheduleError } from './service';
import { ReportScopeError } from './view-model';

export const TOOL_VERSION: string = RAMPART_VERSION;

export const reportIdSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a report id.');

/** Maps report errors to HTTP errors (the message is safe to show). */
export function toHttpError(err: unknown): unknown {
  if (err instanceof ReportScopeError) return new HttpError(404, err.message, 'report-scope');
  if (err instanceof ReportNotReadyError) return new HttpError(err.status, err.message, 'report-not-ready');
  if (err instanceof ReportScheduleError) return new HttpError(err.status, err.message, 'report-schedule');
  return err;
}

export function attachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^A-Za-z0-9_.-]/g, '_')}"`;
}
