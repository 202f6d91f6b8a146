/**
 * Raw JSON GETs against the API server for the collector.
 *
 * Authentication and TLS come from the caller's KubeConfig (`applySecurityAuthentication` on a
 * client-node RequestContext, per request so exec / OIDC tokens refresh); the request itself is
 * `fetch` from the `undici` package with the dispatcher of the first context, reused for every
 * request so connections are kept alive. Responses are parsed with JSON.parse: no client-node
 * ObjectSerializer pass over large lists.
 *
 * Retries (exponential backoff with full jitter, capped): 429 (Retry-After honoured), 500, 502,
 * 503, 504, network resets, per-call timeouts and bodies that are not valid JSON (truncated).
 * Everything else is returned to the caller as an ApiStatusError or a CollectError.
 */
import { RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { fetch, type Dispatcher } from 'undici';
import { CollectError } from './errors';

export class ApiStatusError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiStatusError';
  }
}

export interface HttpOptions {
  timeoutMs: number;
  retries: number;
  signal?: AbortSignal;
  /** Base delay of the exponential backoff (default 200 ms). */
  backoffBaseMs?: number;
  /** Longest wait between attempts, Retry-After included (default 10 s). */
  backoffMaxMs?: number;
  /**
   * The most time requests may spend waiting for an API server that does not answer, summed
   * over every request of this client (each timed-out attempt counts its timeout). Once spent,
   * the collection fails as a whole (CollectError 'timeout', final). Default: unbounded.
   */
  stallBudgetMs?: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || /^(CERT_|ERR_TLS_|ERR_SSL_|SSL_)/.test(code) || code.includes('CERT');
}

function errorCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

interface Attempt {
  /** Why the attempt failed, for the final error after retries. */
  kind: 'status' | 'timeout' | 'network' | 'invalid-response';
  status?: number;
  message: string;
  waitMs?: number;
}

export class KubeHttp {
  readonly server: string;
  /** Requests sent (attempts included), for diagnostics. */
  requests = 0;
  /** Time spent in attempts that timed out, against options.stallBudgetMs. */
  private stalledMs = 0;
  private dispatcher: Dispatcher | undefined;
  private initialised = false;
  private readonly backoffBase: number;
  private readonly backoffMax: number;

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: HttpOptions,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new CollectError('invalid-config', 'The kubeconfig has no current cluster: pass a context that exists (--context) or fix current-context.');
    this.server = cluster.server.replace(/\/+$/, '');
    this.backoffBase = options.backoffBaseMs ?? 200;
    this.backoffMax = options.backoffMaxMs ?? 10_000;
  }

  private async headersFor(url: string): Promise<Record<string, string>> {
    const ctx = new RequestContext(url, 'GET');
    try {
      await this.kc.applySecurityAuthentication(ctx);
    } catch (e) {
      throw new CollectError(
        'unauthorized',
        `Could not obtain credentials from the kubeconfig: ${(e as Error).message}. Fix the user entry (token, client certificate or exec plugin) and scan again.`,
        { cause: e },
      );
    }
    if (!this.initialised) {
      this.dispatcher = ctx.getDispatcher();
      this.initialised = true;
    }
    return ctx.getHeaders();
  }

  /** This attempt's timeout: the per-request timeout, cut to what is left of the stall bound; throws once it is spent. */
  private attemptTimeoutMs(pathWithQuery: string): number {
    const budget = this.options.stallBudgetMs;
    if (budget === undefined) return this.options.timeoutMs;
    const left = budget - this.stalledMs;
    if (left <= 0) {
      const seconds = Math.round(budget / 100) / 10;
      throw new CollectError(
        'timeout',
        `The API server at ${this.server} stopped answering: requests waited ${seconds} s in all without an answer (the last one GET ${pathWithQuery}), the most a scan waits (RAMPART_SCAN_STALL_SECONDS). ` +
          "Check the API server's health and the network path; the next scan tries again.",
        { final: true },
      );
    }
    return Math.min(this.options.timeoutMs, left);
  }

  /** GET a path (with query) and parse its JSON body. Throws ApiStatusError for non-retryable statuses, CollectError otherwise. */
  async getJson(pathWithQuery: string, accept = 'application/json'): Promise<unknown> {
    const url = this.server + pathWithQuery;
    let last: Attempt | undefined;
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (attempt > 0) {
        const backoff = Math.min(this.backoffMax, this.backoffBase * 2 ** (attempt - 1));
        const jittered = Math.random() * backoff;
        const wait = last?.waitMs !== undefined ? Math.min(this.backoffMax, Math.max(last.waitMs, jittered)) : jittered;
        await sleep(wait, this.options.signal);
      }
      this.options.signal?.throwIfAborted();
      const timeoutMs = this.attemptTimeoutMs(pathWithQuery);
      const headers = { ...(await this.headersFor(url)), Accept: accept };
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
      this.requests++;
      let status: number;
      let text: string;
      let retryAfter: string | null = null;
      try {
        const res = await fetch(url, { headers, dispatcher: this.dispatcher, signal });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        text = await res.text();
      } catch (err) {
        if (this.options.signal?.aborted) throw this.options.signal.reason;
        if (timeout.aborted) {
          this.stalledMs += timeoutMs;
          last = { kind: 'timeout', message: `no answer within ${timeoutMs} ms` };
          continue;
        }
        const code = errorCode(err);
        if (code && isTlsCode(code)) {
          throw new CollectError(
            'tls',
            `TLS verification of ${this.server} failed (${code}): the certificate authority in the kubeconfig does not match the server's certificate, or the server name differs. Fix certificate-authority-data / tls-server-name in the kubeconfig rather than disabling verification.`,
            { cause: err },
          );
        }
        if (code === 'ENOTFOUND') {
          throw new CollectError('unreachable', `Cannot resolve the API server host of ${this.server} (ENOTFOUND). Check the server address in the kubeconfig and DNS.`, { cause: err });
        }
        const message = (err as Error).message === 'terminated' ? 'connection closed mid-response' : `${code ?? (err as Error).message}`;
        // Resets, refused connections, connect timeouts, sockets closed mid-body: worth another attempt.
        last = { kind: 'network', message };
        continue;
      }
      if (status >= 200 && status < 300) {
        try {
          return JSON.parse(text);
        } catch {
          last = { kind: 'invalid-response', message: `response body is not valid JSON (${text.length} bytes, truncated?)` };
          continue;
        }
      }
      const { reason, message } = parseStatusBody(text, status);
      if (status === 401) {
        throw new CollectError(
          'unauthorized',
          `The API server at ${this.server} rejected the credentials (401 Unauthorized): the token or client certificate is invalid or expired. Refresh the kubeconfig's credentials (or issue the scanner a new token) and scan again.`,
        );
      }
      if (RETRYABLE_STATUS.has(status)) {
        last = { kind: 'status', status, message: `${status} ${reason}: ${message}`, waitMs: retryAfterMs(retryAfter) };
        continue;
      }
      throw new ApiStatusError(status, reason, message);
    }
    const what = `GET ${pathWithQuery}`;
    const attempts = this.options.retries + 1;
    if (!last) throw new CollectError('server', `${what} failed.`);
    switch (last.kind) {
      case 'timeout':
        throw new CollectError('timeout', `The API server at ${this.server} did not answer ${what} within ${this.options.timeoutMs} ms (${attempts} attempts). Check the network path and the API server's load, or raise the timeout.`);
      case 'network':
        throw new CollectError('unreachable', `Cannot reach the API server at ${this.server} for ${what} (${last.message}, ${attempts} attempts). Check the server address in the kubeconfig, the network / VPN path and that the cluster is running.`);
      case 'invalid-response':
        throw new CollectError('invalid-response', `The API server at ${this.server} returned an unreadable body for ${what} (${last.message}, ${attempts} attempts). Check proxies between Rampart and the cluster, then retry.`);
      default:
        throw new CollectError('server', `The API server at ${this.server} kept failing ${what} (${last.message}, ${attempts} attempts). Retry later or check the API server's health.`);
    }
  }

  async close(): Promise<void> {
    const d = this.dispatcher;
    this.dispatcher = undefined;
    if (d && typeof (d as { destroy?: unknown }).destroy === 'function') await d.destroy().catch(() => undefined);
  }
}

function parseStatusBody(text: string, status: number): { reason: string; message: string } {
  try {
    const body = JSON.parse(text) as { reason?: unknown; message?: unknown };
    return {
      reason: typeof body.reason === 'string' ? body.reason : String(status),
      message: typeof body.message === 'string' ? body.message : text.slice(0, 200),
    };
  } catch {
    return { reason: String(status), message: text.slice(0, 200) };
  }
}
