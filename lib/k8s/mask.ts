/**
 * Masking credential values out of manifests and evidence: the one function every path that
 * stores, renders or exports a manifest calls (docs/SECURITY.md). Rampart shows *where* a
 * credential is written, never the credential.
 *
 * What is masked, at any depth (so every workload kind's pod template, CronJob jobTemplate, init
 * and ephemeral containers and custom resources alike):
 * - every literal `value` of an `env` list, whatever the variable is called;
 * - every `value` of a probe's `httpHeaders` (Authorization, cookies);
 * - credentials in `command` / `args` lists: values of credential flags and variables
 *   (`--password=…`, `--token …`, `PGPASSWORD=…`, inside `sh -c` scripts too) and values recognised
 *   by shape (PEM private keys, cloud / SaaS tokens, JWTs, Bearer values, URLs with a password),
 *   found by lib/k8s/credential-values.ts;
 * - annotation values whose key names a credential, or that hold one of the above, or that are
 *   longer than MAX_ANNOTATION_LENGTH (configuration blobs); the
 *   `kubectl.kubernetes.io/last-applied-configuration` annotation (a copy of the whole object) and
 *   `metadata.managedFields` are dropped;
 * - credentials recognised by shape in any other string.
 *
 * A mask keeps the shape and never the content: `●●●● (16 chars, literal)` in place of the
 * value, or of the credential's span inside a longer string. No prefix, suffix or hash of a value
 * is kept. Masking is deterministic and idempotent (a mask is never masked again).
 */
import { findCredentialsInArgs, findCredentialsInText, type CredentialKind } from './credential-values';
import { LAST_APPLIED_ANNOTATION, MANAGED_FIELDS } from './metadata';
import { looksLikeSecretName } from './secret-names';

export const MASK = '●●●●';
/** Annotation values longer than this are configuration blobs: they are masked whole. */
export const MAX_ANNOTATION_LENGTH = 1024;

/** `●●●● (16 chars, literal)`: what stands in for a value of `length` characters. */
export function maskFor(length: number, what: string): string {
  return `${MASK} (${length} chars, ${what})`;
}

/** True when `text` is (or starts with) a mask: it is never masked again. */
export function isMasked(text: string): boolean {
  return text.startsWith(MASK);
}

function label(kind: CredentialKind): string {
  return kind === 'named-credential' ? 'credential' : kind;
}

/** `text` with the given spans replaced by masks (spans sorted, not overlapping; masked spans kept). */
function maskSpans(text: string, spans: ReadonlyArray<{ start: number; end: number; kind: CredentialKind }>): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at || s.end <= s.start || isMasked(text.slice(s.start, s.end))) continue;
    out += text.slice(at, s.start) + maskFor(s.end - s.start, label(s.kind));
    at = s.end;
  }
  return at === 0 ? text : out + text.slice(at);
}

/** Credentials recognised by shape inside any string. */
export function maskCredentialsInText(text: string): string {
  if (isMasked(text)) return text;
  return maskSpans(text, findCredentialsInText(text));
}

/** A command / args list with every credential in it masked. */
export function maskArgs(tokens: readonly string[]): string[] {
  const found = findCredentialsInArgs(tokens);
  if (found.length === 0) return [...tokens];
  return tokens.map((token, index) => maskSpans(token, found.filter((c) => c.index === index)));
}

function maskLiteral(value: string): string {
  return value === '' || isMasked(value) ? value : maskFor(value.length, 'literal');
}

function maskAnnotation(key: string, value: string): string {
  if (isMasked(value)) return value;
  const name = key.slice(key.lastIndexOf('/') + 1);
  if (looksLikeSecretName(name) && value !== '') return maskFor(value.length, 'credential');
  if (value.length > MAX_ANNOTATION_LENGTH) return maskFor(value.length, 'annotation');
  return maskArgs([value])[0]!;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Entries of an `env` / `httpHeaders` list with their literal `value` masked. */
function maskValues(list: unknown[]): unknown[] {
  return list.map((item) => {
    if (!isRecord(item)) return mask(item);
    const out = maskRecord(item);
    if (typeof item.value === 'string') out.value = maskLiteral(item.value);
    return out;
  });
}

function maskRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) {
    if (key === MANAGED_FIELDS) continue; // lib/k8s/metadata.ts
    if ((key === 'env' || key === 'httpHeaders') && Array.isArray(v)) out[key] = maskValues(v);
    else if ((key === 'command' || key === 'args') && isStringList(v)) out[key] = maskArgs(v);
    else if (key === 'annotations' && isRecord(v)) {
      const annotations: Record<string, unknown> = {};
      for (const [k, a] of Object.entries(v)) {
        if (k === LAST_APPLIED_ANNOTATION) continue;
        annotations[k] = typeof a === 'string' ? maskAnnotation(k, a) : mask(a);
      }
      out[key] = annotations;
    } else out[key] = mask(v);
  }
  return out;
}

/**
 * A copy of `value` (a manifest, a finding's evidence, any JSON) with every credential value
 * masked as described above. The input is not changed.
 */
export function mask<T>(value: T): T {
  if (typeof value === 'string') return maskCredentialsInText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mask(v)) as T;
  if (isRecord(value)) return maskRecord(value) as T;
  return value;
}

/** The one masking function for manifests: `mask`, named for what it is given. */
export const maskManifest = mask;
