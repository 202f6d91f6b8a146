import { DOCKER_HUB, parseImageRef, type ImageRef } from '../../../k8s/image-ref';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);

/**
 * Normalises a trusted-registry setting to a `registry[/path]` prefix: scheme and trailing
 * slashes removed, lower-cased host, Docker Hub aliases folded into docker.io. An entry whose
 * first part does not look like a host (`myorg`) is a Docker Hub namespace (`docker.io/myorg`).
 */
export function normalizeRegistryEntry(entry: string): string {
  let e = entry.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  if (!e) return '';
  const slash = e.indexOf('/');
  const first = slash >= 0 ? e.slice(0, slash) : e;
  const rest = slash >= 0 ? e.slice(slash) : '';
  const looksLikeHost = first.includes('.') || first.includes(':') || first === 'localhost';
  if (DOCKER_HUB_ALIASES.has(first.toLowerCase())) e = `${DOCKER_HUB}${rest}`;
  else if (looksLikeHost) e = `${first.toLowerCase()}${rest}`;
  else e = `${DOCKER_HUB}/${e}`;
  return e;
}

/** An entry with `*` (`*.dkr.ecr.eu-west-1.amazonaws.com`) as a prefix pattern; `*` never crosses a `/`. */
function entryPattern(entry: string): RegExp {
  const body = entry
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${body}(/|$)`);
}

/** Whether an image comes from a trusted registry prefix (`ghcr.io/acme` trusts ghcr.io/acme/*, not ghcr.io/acme-evil/*). */
export function trustedBy(ref: ImageRef, entries: string[]): string | undefined {
  const full = `${ref.registry}/${ref.repository}`;
  return entries.find((e) => e && (e.includes('*') ? entryPattern(e).test(full) : full === e || full.startsWith(`${e}/`)));
}

export { parseImageRef };
