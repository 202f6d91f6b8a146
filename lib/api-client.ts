/**
 * Browser-side JSON calls to Rampart's API, for React Query hooks and forms.
 *   const clusters = await apiFetch<Cluster[]>('/api/clusters');
 *   await apiFetch('/api/users', { method: 'POST', body: { … } });
 * A non-2xx answer throws ApiError carrying the server's `{ error }` message and status,
 * which ErrorState and forms show as is.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly issues?: Array<{ path: string[]; message: string }>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiFetchOptions extends Omit<RequestInit, 'body'> {
  body?: unknown;
}

export async function apiFetch<T = unknown>(url: string, options: ApiFetchOptions = {}): Promise<T> {
  const { body, headers, ...rest } = options;
  const init: RequestInit = {
    credentials: 'same-origin',
    ...rest,
    headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'Cannot reach the Rampart server. Check your connection and try again.');
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const payload = (data ?? {}) as { error?: unknown; message?: unknown; code?: unknown; issues?: unknown };
    const message =
      typeof payload.error === 'string'
        ? payload.error
        : typeof payload.message === 'string'
          ? payload.message
          : response.status === 401
            ? 'Your session has ended. Sign in again.'
            : `The server answered ${response.status} ${response.statusText}.`;
    if (response.status === 401 && typeof window !== 'undefined' && !url.startsWith('/api/auth/')) {
      window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    }
    throw new ApiError(
      response.status,
      message,
      typeof payload.code === 'string' ? payload.code : undefined,
      Array.isArray(payload.issues) ? (payload.issues as ApiError['issues']) : undefined,
    );
  }
  return data as T;
}
