import { it } from 'vitest';
import { startKubeSim } from '@/e2e/kube-sim';
import { credentialsFromToken, kubeConfigFromCredentials, abortSignalOptions } from '@/lib/k8s/connection';
import { VersionApi } from '@kubernetes/client-node';
it('dbg', async () => {
  const sim = await startKubeSim();
  sim.setFaults([{ match: '/version', action: { type: 'hang' } }]);
  const kc = kubeConfigFromCredentials(credentialsFromToken({ server: sim.url, token: sim.token, caPem: sim.caPem }));
  const signal = AbortSignal.timeout(500);
  signal.addEventListener('abort', () => console.log('aborted', Date.now()));
  const opts = abortSignalOptions(signal);
  const t = Date.now();
  const p = kc.makeApiClient(VersionApi).getCode(opts).then((v) => console.log('ok', v), (e) => console.log('ERR', Date.now() - t, e));
  await Promise.race([p, new Promise((r) => setTimeout(r, 3000))]);
  console.log('after', Date.now() - t, sim.requestLog.slice(-2));
  await sim.stop();
}, 20000);
