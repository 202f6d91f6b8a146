import { withAuth } from '@/lib/auth/api';
import { AppError } from '@/lib/api/errors';
import { noStoreJson } from '@/lib/clusters/http';
import { getDb } from '@/lib/db/client';
import { scanIdSchema } from '@/lib/scans/http';
import { getScan } from '@/lib/scans/queries';

export const dynamic = 'force-dynamic';

/** One scan: status, live progress while it runs, outcome and error once done. */
export const GET = withAuth('viewer', async (_req, { params }) => {
  const id = scanIdSchema.parse(params.id);
  const scan = await getScan(await getDb(), id);
  if (!scan) throw new AppError(404, `No scan with id "${id}": it may have been deleted with its cluster.`);
  return noStoreJson({ scan });
});
