/**
 * The shape an object must have for Rampart to read it. The API server validates built-in kinds,
 * but custom resources (Argo Rollouts, DeploymentConfigs, policies) may hold anything their CRD
 * preserves, and dumps or simulated servers may hold anything at all. An object whose fields do
 * not have the types the checks read (a pod template whose `containers` is a string, a label value
 * that is a number, a name of thousands of characters) is set aside as a coverage gap naming it,
 * instead of failing the whole scan. Only types are checked, never values.
 */
import type { ObjectsKey } from './classify';

type Value = unknown;
/** undefined: fine; a string: the problem, as `<field path> <what is wrong>`. */
type Problem = string | undefined;
type Rule = (v: Value, path: string) => Problem;

/** Longest name or namespace accepted (Kubernetes' own limit is 253; RBAC names and subjects are not limited by it). */
export const MAX_NAME_LENGTH = 512;

const isRecord = (v: Value): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: Value) => v === undefined || v === null;

const str: Rule = (v, p) => (absent(v) || typeof v === 'string' ? undefined : `${p} is not a string`);
const bool: Rule = (v, p) => (absent(v) || typeof v === 'boolean' ? undefined : `${p} is not a boolean`);
const name: Rule = (v, p) =>
  absent(v) ? undefined : typeof v !== 'string' ? `${p} is not a string` : v.length > MAX_NAME_LENGTH ? `${p} is longer than ${MAX_NAME_LENGTH} characters` : undefined;
const anyRecord: Rule = (v, p) => (absent(v) || isRecord(v) ? undefined : `${p} is not a mapping`);
const stringMap: Rule = (v, p) => {
  if (absent(v)) return undefined;
  if (!isRecord(v)) return `${p} is not a mapping`;
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') return `${p}["${k}"] is not a string`;
  return undefined;
};
const listOf =
  (item: Rule): Rule =>
  (v, p) => {
    if (absent(v)) return undefined;
    if (!Array.isArray(v)) return `${p} is not a list`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${p}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
const fields =
  (spec: Record<string, Rule>): Rule =>
  (v, p) => {
    if (absent(v)) return undefined;
    if (!isRecord(v)) return `${p} is not a mapping`;
    for (const [k, rule] of Object.entries(spec)) {
      const problem = rule(v[k], p ? `${p}.${k}` : k);
      if (problem) return problem;
    }
    return undefined;
  };
const required =
  (rule: Rule): Rule =>
  (v, p) =>
    absent(v) ? `${p} is missing` : rule(v, p);

const metadata = fields({
  name,
  namespace: name,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: listOf(required(fields({ kind: str, name, uid: str, apiVersion: str }))),
});

const container = required(
  fields({
    name,
    image: str,
    imagePullPolicy: str,
    command: listOf(required(str)),
    args: listOf(required(str)),
    env: listOf(required(fields({ name: str, value: str, valueFrom: anyRecord }))),
    envFrom: listOf(required(anyRecord)),
    ports: listOf(required(anyRecord)),
    volumeMounts: listOf(required(anyRecord)),
    securityContext: fields({ capabilities: fields({ add: listOf(str), drop: listOf(str) }), seccompProfile: anyRecord, seLinuxOptions: anyRecord, windowsOptions: anyRecord, appArmorProfile: anyRecord }),
    resources: fields({ limits: anyRecord, requests: anyRecord }),
    livenessProbe: anyRecord,
    readinessProbe: anyRecord,
    startupProbe: anyRecord,
    lifecycle: anyRecord,
  }),
);

const podSpec = fields({
  containers: listOf(container),
  initContainers: listOf(container),
  ephemeralContainers: listOf(container),
  volumes: listOf(required(fields({ name: str }))),
  securityContext: fields({ seccompProfile: anyRecord, seLinuxOptions: anyRecord, windowsOptions: anyRecord, appArmorProfile: anyRecord, sysctls: listOf(anyRecord) }),
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  hostUsers: bool,
  automountServiceAccountToken: bool,
  serviceAccountName: str,
  serviceAccount: str,
  nodeName: str,
  nodeSelector: stringMap,
  tolerations: listOf(required(anyRecord)),
  affinity: anyRecord,
});

const podTemplate = fields({ metadata, spec: podSpec });

const WITH_TEMPLATE = fields({ spec: fields({ template: podTemplate }) });
const SHAPES: Partial<Record<ObjectsKey, Rule>> = {
  pods: fields({ spec: podSpec }),
  deployments: WITH_TEMPLATE,
  statefulSets: WITH_TEMPLATE,
  daemonSets: WITH_TEMPLATE,
  replicaSets: WITH_TEMPLATE,
  replicationControllers: WITH_TEMPLATE,
  jobs: WITH_TEMPLATE,
  rollouts: fields({ spec: fields({ template: podTemplate, workloadRef: fields({ kind: str, name: str, apiVersion: str }) }) }),
  deploymentConfigs: WITH_TEMPLATE,
  cronJobs: fields({ spec: fields({ jobTemplate: fields({ spec: fields({ template: podTemplate }) }) }) }),
  roles: fields({ rules: listOf(required(anyRecord)) }),
  clusterRoles: fields({ rules: listOf(required(anyRecord)) }),
  roleBindings: fields({ subjects: listOf(required(fields({ kind: str, name, namespace: name }))), roleRef: anyRecord }),
  clusterRoleBindings: fields({ subjects: listOf(required(fields({ kind: str, name, namespace: name }))), roleRef: anyRecord }),
};

const RULE_STRINGS = ['verbs', 'resources', 'apiGroups', 'resourceNames', 'nonResourceURLs'];

/** Deepest nesting of maps and lists accepted (real objects stay far below; every later step recurses). */
export const MAX_DEPTH = 200;

/** True when `value` nests maps / lists deeper than `max` (iterative: the check itself cannot overflow). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Why Rampart cannot read `obj` (a field path and what is wrong with it), or undefined when it can. */
export function shapeProblem(key: ObjectsKey, obj: Record<string, unknown>): string | undefined {
  const problem = metadata(obj.metadata, 'metadata') ?? SHAPES[key]?.(obj, '');
  if (problem) return problem;
  if (key === 'roles' || key === 'clusterRoles') {
    const rules = (obj.rules as Array<Record<string, unknown>> | undefined) ?? [];
    for (let i = 0; i < rules.length; i++) {
      for (const f of RULE_STRINGS) {
        const bad = listOf(required(str))(rules[i][f], `rules[${i}].${f}`);
        if (bad) return bad;
      }
    }
  }
  return undefined;
}
