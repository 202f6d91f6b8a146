/**
 * One watch request on the wire: `GET <list path>?watch=1&resourceVersion=…&allowWatchBookmarks=true`,
 * read as the API server sends it — a chunked 200 whose lines are JSON events
 * `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{…}}`.
 *
 * Authentication and TLS come from the KubeConfig (client-node RequestContext, per request), the
 * request is `fetch` from undici with that context's dispatcher (as lib/k8s/collect/http.ts does),
 * so the Accept header is ours: metadata-only watches are possible. A stream with no byte for
 * `idleTimeoutMs` (no event, no bookmark) is aborted, so a silently dead connection is noticed.
 */
import { RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, unknown>;
}

/** The API server answered the watch request with something other than 200 (410 Gone among them). */
export class WatchHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WatchHttpError';
  }
}

export interface StreamOptions {
  accept?: string;
  signal?: AbortSignal;
  /** Abort when nothing arrives for this long (default 5 minutes; bookmarks keep a quiet stream alive). */
  idleTimeoutMs?: number;
}

/** Streams one watch until the server ends it (resolves) or it fails (rejects); `onEvent` gets each event in order. */
export async function streamWatch(kc: KubeConfig, url: string, onEvent: (event: WatchEvent) => void, options: StreamOptions = {}): Promise<void> {
  const ctx = new RequestContext(url, 'GET');
  await kc.applySecurityAuthentication(ctx);
  const idle = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
  const idleMs = options.idleTimeoutMs ?? 300_000;
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new Error(`no data on the watch for ${Math.round(idleMs / 1000)} s`)), idleMs);
    timer.unref();
  };
  touch();
  try {
    const res = await fetch(url, {
      headers: { ...ctx.getHeaders(), Accept: options.accept ?? 'application/json' },
      dispatcher: ctx.getDispatcher(),
      signal,
    });
    if (res.status !== 200 || !res.body) {
      const text = await res.text().catch(() => '');
      let message = text.slice(0, 300);
      try {
        const status = JSON.parse(text) as { message?: unknown };
        if (typeof status.message === 'string') message = status.message;
      } catch {
        // not a Status body
      }
      throw new WatchHttpError(res.status, `watch answered ${res.status}${message ? `: ${message}` : ''}`);
    }
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body) {
      touch();
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) {
          const event = JSON.parse(line) as WatchEvent; // a line that is not JSON means a broken stream: the caller reconnects
          if (event && typeof event.type === 'string' && event.object && typeof event.object === 'object') onEvent(event);
        }
        newline = buffered.indexOf('\n');
      }
    }
  } catch (err) {
    if (idle.signal.aborted && !options.signal?.aborted) throw idle.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
