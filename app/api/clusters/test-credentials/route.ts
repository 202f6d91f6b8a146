import { parseJsonBody, withAuth } from '@/lib/auth/api';
import { testCredentialsRequestSchema, testUnsavedCredentials } from '@/lib/clusters';
import { noStoreJson } from '@/lib/clusters/http';

export const dynamic = 'force-dynamic';

/** Tests credentials before they are saved. Stores nothing. Admin only (it makes the server connect out). */
export const POST = withAuth('admin', async (req) => {
  const { credentials, allowInsecureTls } = await parseJsonBody(req, testCredentialsRequestSchema);
  const result = await testUnsavedCredentials(credentials, { timeoutMs: 10_000, allowInsecureTls });
  return noStoreJson({ result });
});
