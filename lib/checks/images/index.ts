/** Guide section 4, Securing Container Images: tags and digests, registries, pull policy, vulnerabilities, signatures. */
import type { Check } from '../types';
import { check as imageKnownVulnerabilities } from './image-known-vulnerabilities';
import { check as imageNotPinnedByDigest } from './image-not-pinned-by-digest';
import { check as imagePullPolicy } from './image-pull-policy';
import { check as imageSignaturePolicy } from './image-signature-policy';
import { check as imageTagLatest } from './image-tag-latest';
import { check as imageUntrustedRegistry } from './image-untrusted-registry';

export const checks: Check[] = [
  imageKnownVulnerabilities,
  imageTagLatest,
  imageNotPinnedByDigest,
  imageUntrustedRegistry,
  imagePullPolicy,
  imageSignaturePolicy,
];
