/**
 * The credentials set of the real-world corpus (fixtures/real-world/credentials): what every
 * cluster carries, GitOps and monitoring installs, and a goat-style vulnerable application.
 * Asserts the exact verdicts of the credential checks and that no value reaches a result.
 */
import { describe, expect, it } from 'vitest';
import { evaluateSet, failureKeys } from './corpus';

const CREDENTIAL_CHECKS = ['hardcoded-secret-in-env', 'hardcoded-secret-in-command', 'secret-like-configmap-value', 'secret-like-configmap-key', 'external-secret-store'];

describe('real-world corpus: credentials', () => {
  const evaluation = evaluateSet('credentials');

  it('finds each credential of the vulnerable application once, and nothing in cluster defaults, Argo CD or kube-prometheus', () => {
    expect(evaluation.errors).toEqual([]);
    expect(failureKeys(evaluation).filter((k) => CREDENTIAL_CHECKS.includes(k.split(' ')[0]))).toEqual([
      'hardcoded-secret-in-command CronJob/goat/health-check [curl]',
      'hardcoded-secret-in-command Deployment/goat/metadata-db-client [client]',
      'hardcoded-secret-in-env Deployment/goat/metadata-db-client [client]',
      'secret-like-configmap-key ConfigMap/goat/build-settings [keys]',
      'secret-like-configmap-value ConfigMap/goat/build-settings [values]',
    ]);
    const cm = evaluation.results.find((r) => r.checkId === 'secret-like-configmap-value' && r.status === 'fail');
    expect(cm?.message).toContain('credentials (an AWS access key id), airflow.cfg (a URL with a password)');
  });

  it('counts the Secrets Store CSI volume as an external secret store', () => {
    expect(evaluation.results.filter((r) => r.checkId === 'external-secret-store')).toEqual([]);
    expect(evaluation.passes.filter((p) => p.checkId === 'external-secret-store').reduce((n, p) => n + p.count, 0)).toBe(1);
  });

  it('never carries a value into a result', () => {
    const text = JSON.stringify(evaluation.results);
    for (const v of ['G0at-Sup3r', 'Zx81Qm7T', '8d2f6a1c9e7b', 'AKIAQ7X2', 'Af1ow-Db']) expect(text).not.toContain(v);
  });
});
