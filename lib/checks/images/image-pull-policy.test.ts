import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { check } from './image-pull-policy';
import { expectCompleteMetadata, failures, loadFixtureSnapshot, runCheck } from '../test-utils';

const fixture = (name: string) => loadFixtureSnapshot(path.join(import.meta.dirname, '__fixtures__/image-pull-policy', name));

describe('image-pull-policy', () => {
  it('has complete metadata', () => expectCompleteMetadata(check, 'image-pull-policy'));

  it('fails mutable tags pulled IfNotPresent (explicit or by default) or Never', () => {
    const results = runCheck(check, fixture('fail.if-not-present.yaml'));
    expect(results.map((r) => [r.detail, r.status, r.path, r.evidence?.effectiveImagePullPolicy])).toEqual([
      ['defaulted', 'fail', 'spec.template.spec.containers[0]', 'IfNotPresent'],
      ['explicit', 'fail', 'spec.template.spec.containers[1].imagePullPolicy', 'IfNotPresent'],
      ['never', 'fail', 'spec.template.spec.containers[2].imagePullPolicy', 'Never'],
    ]);
    expect(results[0]!.message).toContain('defaults to IfNotPresent');
    expect(parse(results[0]!.patch!.body)).toEqual({ spec: { template: { spec: { containers: [{ name: 'defaulted', imagePullPolicy: 'Always' }] } } } });
  });

  it('passes Always (explicit or defaulted for :latest) and digest-pinned images', () => {
    const results = runCheck(check, fixture('pass.always.yaml'));
    expect(failures(results)).toEqual([]);
    expect(results).toHaveLength(3);
  });

  it('passes everything when the API server enables AlwaysPullImages', () => {
    const snapshot = fixture('fail.if-not-present.yaml');
    const withPlugin = {
      ...snapshot,
      controlPlane: [
        {
          component: 'kube-apiserver' as const,
          pod: { namespace: 'kube-system', name: 'kube-apiserver-cp-1' },
          containerIndex: 0,
          flags: { 'enable-admission-plugins': 'NodeRestriction,AlwaysPullImages' },
        },
      ],
    };
    const results = runCheck(check, withPlugin);
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass']);
  });
});
