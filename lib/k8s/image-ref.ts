/**
 * Container image references, parsed the way the container runtime and the kubelet read them
 * (docker/distribution reference grammar): `[registry/]repository[:tag][@digest]`.
 */

export interface ImageRef {
  /** The reference as written in the pod spec. */
  readonly raw: string;
  /** Registry host (with port), normalised: Docker Hub is always `docker.io`. */
  readonly registry: string;
  /** Repository path inside the registry; Docker Hub official images get `library/`. */
  readonly repository: string;
  /** The tag as written; undefined when the reference has none. */
  readonly tag?: string;
  /** The digest (`sha256:<64 hex>`, ...) when the reference is pinned by a well-formed one. */
  readonly digest?: string;
  /**
   * What follows `@` when it is not a well-formed digest (`sha256:abc`, upper-case hex, `latest`,
   * an unknown algorithm): such a reference pins nothing (the runtime rejects it).
   */
  readonly invalidDigest?: string;
}

/**
 * Digest algorithms and their encoded lengths (OCI image spec "Digests": registered sha256 and
 * sha512; sha384 is accepted by the go-digest library runtimes use). The encoding is lower-case hex.
 */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** A digest of a known algorithm with exactly its number of lower-case hex digits. */
export function isWellFormedDigest(digest: string): boolean {
  const colon = digest.indexOf(':');
  const length = DIGEST_HEX_LENGTH[digest.slice(0, colon)];
  const encoded = digest.slice(colon + 1);
  return colon > 0 && length !== undefined && encoded.length === length && /^[a-f0-9]+$/.test(encoded);
}

export const DOCKER_HUB = 'docker.io';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/**
 * Parses an image reference. Never throws: an odd reference still yields its best reading,
 * because checks must report on whatever a cluster actually runs.
 */
export function parseImageRef(image: string): ImageRef {
  let ref = parsed.get(image);
  if (ref === undefined) {
    // A cluster runs a few hundred distinct images and a dozen checks read each container's:
    // parse each once. The cache is bounded, so a long-running server does not grow with it.
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(image, (ref = parse(image)));
  }
  return ref;
}

const PARSED_LIMIT = 10_000;
const parsed = new Map<string, ImageRef>();

function parse(image: string): ImageRef {
  const raw = image;
  let rest = image.trim();
  let digest: string | undefined;
  let invalidDigest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const written = rest.slice(at + 1);
    if (isWellFormedDigest(written)) digest = written;
    else invalidDigest = written;
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1) || undefined;
    rest = rest.slice(0, lastColon);
  }
  let registry = DOCKER_HUB;
  let repository = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    // The first component is a registry host when it looks like one (docker reference rules).
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      repository = rest.slice(firstSlash + 1);
    }
  }
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = DOCKER_HUB;
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  return { raw, registry, repository, tag, digest, ...(invalidDigest !== undefined ? { invalidDigest } : {}) };
}

/** `registry/repository`, the normalised image name without tag or digest. */
export function imageName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/**
 * The pull policy Kubernetes assigns when `imagePullPolicy` is unset
 * (pkg/apis/core/v1/defaults.go): `Always` when the tag is `latest`, or when there is
 * neither tag nor digest (the runtime then pulls `latest`); `IfNotPresent` otherwise. A reference
 * with something after `@` that is no valid digest fails to parse there, which also yields
 * `IfNotPresent`.
 */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const ref = parseImageRef(image);
  if (ref.tag === 'latest') return 'Always';
  if (ref.tag === undefined && ref.digest === undefined && ref.invalidDigest === undefined) return 'Always';
  return 'IfNotPresent';
}
