/** Shared bits of the report and export route handlers (server-only). */
import 'server-only';
import { RAMPART_VERSION } from '@/lib/version';
import { idSchema } from '@/lib/api/input';

export const TOOL_VERSION: string = RAMPART_VERSION;

export const reportIdSchema = idSchema('Not a report id.');

export function attachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^A-Za-z0-9_.-]/g, '_')}"`;
}
