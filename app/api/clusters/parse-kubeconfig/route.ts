import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { describeKubeconfigContexts, parseKubeconfigRequestSchema } from '@/lib/clusters';
import { noStoreJson } from '@/lib/clusters/http';

export const dynamic = 'force-dynamic';

/** The contexts of a kubeconfig (names, servers, usability) for the picker. Stores nothing. Admin only. */
export const POST = withAuth('admin', async (req) => {
  const { kubeconfig } = await parseJsonBody(req, parseKubeconfigRequestSchema);
  return noStoreJson(await describeKubeconfigContexts(kubeconfig));
});
