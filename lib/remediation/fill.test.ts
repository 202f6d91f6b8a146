/** Remediation templates filled in with a finding's real names (finding page, PDF report, exports). */
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { getCheck } from '@/lib/checks';
import { fillEvidence, fillKubectl, fillPatch, fillRemediation } from './fill';

describe('remediation fill', () => {
  it('fills kubectl placeholders', () => {
    const cmd = fillKubectl('kubectl -n <namespace> patch <kind> <name> -p \'{"name":"<container>"}\'', { resource: { kind: 'Deployment', namespace: 'shop', name: 'web' }, detail: 'app', evidence: null });
    expect(cmd).toBe('kubectl -n shop patch deployment web -p \'{"name":"app"}\'');
  });

  const at = (kind: string, detail: string, evidence: unknown = null) => ({ resource: { apiVersion: 'v1', kind, namespace: 'ci', name: 'runner' }, detail, evidence });

  it("fills a patch template's volume and container, and moves a pod-template patch to where the kind keeps its pod spec", () => {
    const hostPath = getCheck('host-path-volume')!.remediation.patch!;
    expect(hostPath).toContain('<volume>');
    const forDaemonSet = YAML.parse(fillPatch(hostPath, at('DaemonSet', 'docker-sock')));
    expect(forDaemonSet.spec.template.spec.volumes[0]).toMatchObject({ name: 'docker-sock', emptyDir: {} });
    const forPod = YAML.parse(fillPatch(hostPath, at('Pod', 'docker-sock')));
    expect(forPod).toEqual({ spec: { volumes: [{ name: 'docker-sock', hostPath: null, emptyDir: {} }] } });
    const forCronJob = YAML.parse(fillPatch(hostPath, at('CronJob', 'docker-sock')));
    expect(forCronJob.spec.jobTemplate.spec.template.spec.volumes[0].name).toBe('docker-sock');

    const caps = getCheck('capabilities-not-dropped')!;
    expect(YAML.parse(fillPatch(caps.remediation.patch!, at('Pod', 'x', { container: 'build' }))).spec.containers[0].name).toBe('build');
    // The kubectl command: moved for a CronJob; for a bare Pod there is none (its spec is immutable).
    const cron = fillKubectl(caps.remediation.kubectl!, at('CronJob', 'build'))!;
    expect(JSON.parse(cron.match(/-p '(.*)'/)![1]).spec.jobTemplate.spec.template.spec.containers[0]).toMatchObject({ name: 'build' });
    expect(cron).toContain('patch cronjob runner');
    expect(fillKubectl(caps.remediation.kubectl!, at('Pod', 'build'))).toBeNull();
    expect(fillKubectl(caps.remediation.kubectl!, at('Rollout', 'build'))).toBeNull(); // a custom resource: no strategic merge
    expect(fillKubectl('kubectl -n <namespace> label <kind> <name> a=b', at('Pod', 'build'))).toBe('kubectl -n ci label pod runner a=b');
  });

  it('fills a whole remediation: steps, command and patch; the result\'s own patch wins', () => {
    const f = { resource: { kind: 'Deployment', namespace: 'shop', name: 'web' }, detail: 'app', evidence: null };
    const fix = fillRemediation({ steps: ['Edit <kind> <name> in <namespace>'], kubectl: 'kubectl -n <namespace> rollout restart <kind>/<name>', patch: 'spec:\n  containers:\n    - name: <container>\n' }, f);
    expect(fix).toEqual({
      steps: ['Edit deployment web in shop'],
      kubectl: 'kubectl -n shop rollout restart deployment/web',
      noCommandForKind: false,
      patch: { type: 'strategic-merge', body: 'spec:\n  containers:\n    - name: app\n' },
    });
    const own = { type: 'json', body: '[]' };
    expect(fillRemediation({ steps: [], patch: 'x: <name>' }, f, own).patch).toBe(own);
    const caps = getCheck('capabilities-not-dropped')!;
    const pod = fillRemediation(caps.remediation, { ...f, resource: { ...f.resource, kind: 'Pod' } });
    expect(pod).toMatchObject({ kubectl: null, noCommandForKind: true });
    expect(fillRemediation({ steps: [] }, f)).toEqual({ steps: [], kubectl: null, noCommandForKind: false, patch: null });
  });

  it('leaves a placeholder when the value is unknown or not a valid name', () => {
    const f = { resource: { kind: 'ClusterRole', namespace: null, name: 'admin' }, detail: 'Not A Name', evidence: null };
    expect(fillKubectl('kubectl -n <namespace> get <kind> <name> -o yaml # <container>', f)).toBe('kubectl -n <namespace> get clusterrole admin -o yaml # <container>');
  });

  it('keeps only the names fill needs from evidence', () => {
    expect(fillEvidence({ container: 'app', volume: 'data', image: 'nginx', token: 'x' })).toEqual({ container: 'app', volume: 'data' });
    expect(fillEvidence({ image: 'nginx' })).toBeNull();
    expect(fillEvidence(null)).toBeNull();
    expect(fillEvidence(['a'])).toBeNull();
  });
});
