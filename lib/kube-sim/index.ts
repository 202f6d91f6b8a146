/** kube-sim: an in-process Kubernetes API simulator for tests and demos (see README.md). */
export { startKubeSim, type KubeSim, type KubeSimOptions, type ObjectRef, type RequestLogEntry } from './server';
export { RESTRICTED_SCANNER, type AccessRule, type SimToken } from './auth';
export type { FaultAction, FaultRule } from './faults';
export { buildKubeconfig, writeServiceAccountFiles, SERVICE_ACCOUNT_SUBPATH, type KubeconfigOptions, type ServiceAccountFiles } from './kubeconfig';
export { loadManifestDirectory, parseManifestText } from './load';
export { ObjectStore, KUBELET_CONFIG_API_VERSION, type KubeObject } from './store';
export { BUILTIN_RESOURCES, type ResourceType } from './resources';
