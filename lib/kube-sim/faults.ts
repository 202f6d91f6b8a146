/**
 * Fault injection for reliability tests: rules match a request (method + path with query) by
 * substring or regular expression, optionally only for the first N matching requests, and
 * make the server fail the way real API servers and load balancers do.
 */

export type FaultAction =
  /** Answer with a `Status` of this HTTP code (500 InternalError, 503 ServiceUnavailable, 504 Timeout, ...). */
  | { type: 'status'; code: number; message?: string }
  /** 429 TooManyRequests with a Retry-After header (seconds, default 1). */
  | { type: 'rate-limit'; retryAfterSeconds?: number }
  /** Wait `ms` then answer normally; without `ms` never answer (the client must time out). */
  | { type: 'hang'; ms?: number }
  /** Send headers and the first `bytes` of the real body (default: half of it), then destroy the socket. */
  | { type: 'truncate'; bytes?: number }
  /** Send headers and the first `bytes` of the real body (default: half of it), then send nothing more and keep the connection open. */
  | { type: 'stall'; bytes?: number }
  /** Destroy the connection without any response. */
  | { type: 'close' };

export interface FaultRule {
  /** Substring of, or regular expression tested against, the request path with its query string. */
  match: string | RegExp;
  /** Only requests with this HTTP method (default: any). */
  method?: string;
  /** Apply to the first `times` matching requests only; omitted = every matching request. */
  times?: number;
  action: FaultAction;
}

interface ActiveRule {
  rule: FaultRule;
  hits: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  constructor(rules: readonly FaultRule[] = []) {
    this.set(rules);
  }

  /** Replaces every rule (and resets their counters). */
  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, hits: 0 }));
  }

  /** The action for this request, counting it against the rule's `times`; undefined = behave normally. */
  take(method: string, pathWithQuery: string): FaultAction | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      const matches = typeof rule.match === 'string' ? pathWithQuery.includes(rule.match) : rule.match.test(pathWithQuery);
      if (!matches) continue;
      if (rule.times !== undefined && active.hits >= rule.times) continue;
      active.hits += 1;
      return rule.action;
    }
    return undefined;
  }

  /** How many requests each rule has affected, in rule order. */
  hits(): number[] {
    return this.rules.map((r) => r.hits);
  }
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'AlreadyExists',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function reasonForCode(code: number): string {
  return REASONS[code] ?? 'Unknown';
}
