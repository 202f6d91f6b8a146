/**
 * Watch streams, as the API server serves `GET <list path>?watch=1`: HTTP 200 with a chunked
 * body of newline-delimited JSON events `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{…}}`.
 *
 * - `resourceVersion` unset or "0": synthetic ADDED events for every current object first, then
 *   changes. A number: every change after it (from the kept history), then live changes.
 * - A resourceVersion older than the kept history (`historyLimit` events, or everything before
 *   `compact()`): one ERROR event carrying a 410 Expired Status ("too old resource version"),
 *   then the stream ends, as the API server's watch cache answers.
 * - `allowWatchBookmarks=true`: BOOKMARK events (object = kind, apiVersion and
 *   metadata.resourceVersion only) every `bookmarkIntervalMs` and on `sendBookmarks()`.
 * - `timeoutSeconds`: the server ends the stream after that long.
 * - Faults: `dropAll()` destroys every open watch connection mid-stream; `endAll()` ends them cleanly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { objectResponse, statusBody, type Representation } from './format';
import type { ResourceType } from './resources';
import type { KubeObject } from './store';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeEvent {
  type: WatchEventType;
  rv: number;
  resource: ResourceType;
  object: KubeObject;
}

export interface WatchRequest {
  resource: ResourceType;
  namespace?: string;
  resourceVersion?: string;
  bookmarks: boolean;
  timeoutSeconds?: number;
  representation: Representation;
  /** Objects the watch covers (namespace and selectors applied): the initial state for rv unset / "0". */
  current: () => KubeObject[];
  /** Namespace and selector filter for change events. */
  matches: (obj: KubeObject) => boolean;
}

interface OpenWatch {
  req: WatchRequest;
  res: ServerResponse;
  socket: IncomingMessage['socket'];
  timers: NodeJS.Timeout[];
}

export class WatchHub {
  private history: ChangeEvent[] = [];
  /** Requests for a resourceVersion below this are too old (410). */
  private oldestRv: number;
  private readonly open = new Set<OpenWatch>();

  constructor(
    startRv: number,
    private readonly historyLimit: number,
    private bookmarkIntervalMs: number,
  ) {
    this.oldestRv = startRv;
  }

  get size(): number {
    return this.open.size;
  }

  /** Records a write and sends it to every open watch it matches. */
  record(event: ChangeEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.oldestRv = dropped[dropped.length - 1].rv;
    }
    for (const w of this.open) {
      if (w.req.resource.group === event.resource.group && w.req.resource.plural === event.resource.plural && w.req.matches(event.object)) {
        this.write(w, { type: event.type, object: objectResponse(w.req.resource, event.object, w.req.representation) });
      }
    }
  }

  /** Forgets the history up to `rv`: a watch resuming from an earlier resourceVersion gets 410 Expired. */
  compact(rv: number): void {
    this.history = this.history.filter((e) => e.rv > rv);
    this.oldestRv = Math.max(this.oldestRv, rv);
  }

  setBookmarkInterval(ms: number): void {
    this.bookmarkIntervalMs = ms;
  }

  /** Sends a BOOKMARK now to every open watch that asked for them. */
  sendBookmarks(currentRv: string): void {
    for (const w of this.open) if (w.req.bookmarks) this.write(w, bookmark(w.req.resource, currentRv));
  }

  /** Serves one watch request on `res` until the client goes away, a timeout, or a fault ends it. */
  serve(req: IncomingMessage, res: ServerResponse, request: WatchRequest, currentRv: () => string): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders(); // a client waits for the headers before it reads events
    const w: OpenWatch = { req: request, res, socket: req.socket, timers: [] };
    const rv = request.resourceVersion;
    if (rv && rv !== '0') {
      const from = Number(rv);
      if (!Number.isSafeInteger(from) || from < this.oldestRv) {
        res.end(
          `${JSON.stringify({
            type: 'ERROR',
            object: statusBody(410, `too old resource version: ${rv} (${this.oldestRv + 1})`, undefined, 'Expired'),
          })}\n`,
        );
        return;
      }
      this.open.add(w);
      for (const e of this.history) {
        if (e.rv > from && e.resource.group === request.resource.group && e.resource.plural === request.resource.plural && request.matches(e.object)) {
          this.write(w, { type: e.type, object: objectResponse(request.resource, e.object, request.representation) });
        }
      }
    } else {
      this.open.add(w);
      for (const obj of request.current()) this.write(w, { type: 'ADDED', object: objectResponse(request.resource, obj, request.representation) });
    }
    if (request.bookmarks && this.bookmarkIntervalMs > 0) {
      w.timers.push(setInterval(() => this.write(w, bookmark(request.resource, currentRv())), this.bookmarkIntervalMs));
    }
    if (request.timeoutSeconds && request.timeoutSeconds > 0) {
      w.timers.push(setTimeout(() => this.finish(w, false), request.timeoutSeconds * 1000));
    }
    const cleanup = () => this.finish(w, false);
    res.on('close', cleanup);
    req.on('close', cleanup);
  }

  /** Destroys every open watch connection (a network drop, a load balancer killing streams). */
  dropAll(): number {
    const n = this.open.size;
    for (const w of [...this.open]) this.finish(w, true);
    return n;
  }

  /** Ends every open watch cleanly (the server closing streams, e.g. on shutdown). */
  endAll(): void {
    for (const w of [...this.open]) this.finish(w, false);
  }

  private write(w: OpenWatch, event: unknown): void {
    if (!w.res.writableEnded && !w.res.destroyed) w.res.write(`${JSON.stringify(event)}\n`);
  }

  private finish(w: OpenWatch, drop: boolean): void {
    if (!this.open.delete(w)) return;
    for (const t of w.timers) clearTimeout(t);
    if (drop) w.socket.destroy();
    else if (!w.res.writableEnded) w.res.end();
  }
}

function bookmark(type: ResourceType, rv: string): Record<string, unknown> {
  return {
    type: 'BOOKMARK',
    object: { kind: type.kind, apiVersion: type.group ? `${type.group}/${type.version}` : type.version, metadata: { resourceVersion: rv } },
  };
}
