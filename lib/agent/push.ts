/**
 * The agent side of agent mode: collect the cluster with the same collector scans use
 * (lib/k8s/collect, read-only lists through the pod's ServiceAccount) and push the snapshot to
 * Rampart's ingest route with the enrolment token. Each upload carries a strictly increasing
 * sequence (the clock in milliseconds, never repeated within a process) and a random nonce, so
 * Rampart refuses a replayed upload.
 */
import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { collectClusterSnapshot, type CollectOptions } from '../k8s/collect';

export const AGENT_UPLOAD_PATH = '/api/agent/v1/snapshots';

let lastSequence = 0;

/** Strictly increasing across calls (and across restarts, as the clock moves on). */
export function nextSequence(now: number = Date.now()): number {
  lastSequence = Math.max(lastSequence + 1, now);
  return lastSequence;
}

export interface PushResult {
  status: number;
  body: { scanId?: string; clusterId?: string; error?: string };
  objects: number;
}

/** Collects once and uploads; resolves to Rampart's answer (never throws on a 4xx: the caller reports it). */
export async function collectAndPush(kc: KubeConfig, opts: { url: string; token: string; collect?: CollectOptions; sequence?: number }): Promise<PushResult> {
  const snapshot = await collectClusterSnapshot(kc, { sourceName: 'agent', ...opts.collect });
  const objects = Object.values(snapshot.objects).reduce((n, list) => n + list.length, 0);
  const body = JSON.stringify({ sequence: opts.sequence ?? nextSequence(), nonce: randomBytes(16).toString('hex'), snapshot });
  const res = await fetch(new URL(AGENT_UPLOAD_PATH, opts.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' },
    body,
  });
  let parsed: PushResult['body'] = {};
  try {
    parsed = (await res.json()) as PushResult['body'];
  } catch {
    parsed = { error: `HTTP ${res.status} without a JSON body` };
  }
  return { status: res.status, body: parsed, objects };
}
