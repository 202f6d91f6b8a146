/**
 * Web consoles that administer a cluster, its deployments or its data, recognised on a workload by
 * image repository (registry stripped, docker.io library/ added) or by the well-known name labels
 * (app.kubernetes.io/name, app, k8s-app). `argv` narrows images that run several components (the
 * Argo CD image runs its controller, repo server and API server alike); `ports`, when set, are the
 * container ports the console listens on, so a Service publishing only another port of the same
 * pod (metrics, gRPC, gossip) does not publish the console. The Kubernetes Dashboard has a check
 * of its own (dashboard-exposed) and is not listed.
 */
import type { Severity } from '../../types';

export interface AdminConsole {
  id: string;
  name: string;
  image?: RegExp;
  names?: string[];
  argv?: RegExp;
  ports?: number[];
  /** What an attacker can do with it, for the message. */
  power: string;
  /** Why the console lets visitors in without logging in, from its literal environment variables, or undefined. */
  anonymous?: (env: Record<string, string>) => string | undefined;
  severity?: Severity;
}

const repo = (...alternatives: string[]): RegExp => new RegExp(`(^|/)(${alternatives.join('|')})$`);

export const ADMIN_CONSOLES: readonly AdminConsole[] = [
  { id: 'argocd', name: 'Argo CD', image: repo('argoproj/argocd'), argv: /argocd-server/, names: ['argocd-server'], power: 'deploys anything to every cluster it manages' },
  { id: 'argo-workflows', name: 'Argo Workflows', image: repo('argoproj/argocli'), argv: /(^|\s)server(\s|$)/, names: ['argo-server', 'argo-workflows-server'], power: 'runs workflows (pods) in the cluster' },
  {
    id: 'grafana',
    name: 'Grafana',
    image: repo('grafana/grafana', 'grafana/grafana-oss', 'grafana/grafana-enterprise', 'bitnami/grafana'),
    names: ['grafana'],
    power: 'queries every data source it is connected to',
    anonymous: (env) =>
      env.GF_AUTH_ANONYMOUS_ENABLED?.trim().toLowerCase() === 'true'
        ? `anonymous visitors are let in${env.GF_AUTH_ANONYMOUS_ORG_ROLE ? ` with the ${env.GF_AUTH_ANONYMOUS_ORG_ROLE} role` : ''} (GF_AUTH_ANONYMOUS_ENABLED)`
        : undefined,
  },
  { id: 'kibana', name: 'Kibana', image: repo('kibana/kibana', 'kibana/kibana-oss', 'bitnami/kibana'), names: ['kibana'], power: 'reads and deletes the Elasticsearch data behind it' },
  { id: 'opensearch-dashboards', name: 'OpenSearch Dashboards', image: repo('opensearchproject/opensearch-dashboards'), names: ['opensearch-dashboards'], power: 'reads and deletes the OpenSearch data behind it' },
  { id: 'prometheus', name: 'Prometheus', image: repo('prometheus/prometheus', 'bitnami/prometheus'), names: ['prometheus'], ports: [9090], power: 'shows every metric and label of the cluster, without authentication by default' },
  { id: 'alertmanager', name: 'Alertmanager', image: repo('prometheus/alertmanager', 'bitnami/alertmanager'), names: ['alertmanager'], ports: [9093], power: 'silences alerts, without authentication by default' },
  { id: 'jenkins', name: 'Jenkins', image: repo('jenkins/jenkins', 'bitnami/jenkins'), names: ['jenkins'], ports: [8080], power: 'runs build jobs with their credentials' },
  { id: 'kubeflow', name: 'Kubeflow central dashboard', image: /(^|\/)centraldashboard$/, names: ['centraldashboard'], power: 'starts notebooks and pipelines in the cluster' },
  { id: 'rancher', name: 'Rancher', image: repo('rancher/rancher'), names: ['rancher'], power: 'administers every cluster it manages' },
  { id: 'longhorn-ui', name: 'Longhorn UI', image: repo('longhornio/longhorn-ui'), names: ['longhorn-ui'], power: 'deletes and restores volumes, without authentication' },
  { id: 'traefik-dashboard', name: 'Traefik dashboard (insecure API)', image: repo('library/traefik', 'traefik/traefik', 'bitnami/traefik'), argv: /--api\.insecure(=true)?(\s|$)/, ports: [8080, 9000], power: 'shows every route and backend of the proxy, without authentication' },
  { id: 'consul', name: 'Consul UI', image: repo('hashicorp/consul', 'hashicorp/consul-enterprise'), names: ['consul'], ports: [8500, 8501], power: 'reads and changes service registrations and key/value data (ACLs are off by default)' },
  { id: 'vault', name: 'Vault UI', image: repo('hashicorp/vault', 'hashicorp/vault-enterprise'), names: ['vault'], ports: [8200], power: 'is the door to every secret it stores' },
  { id: 'weave-scope', name: 'Weave Scope', image: repo('weaveworks/scope'), names: ['weave-scope-app'], ports: [4040], power: 'opens shells in any container, without authentication', severity: 'critical' },
  { id: 'kiali', name: 'Kiali', image: repo('kiali/kiali'), names: ['kiali'], ports: [20001], power: 'shows and changes the service mesh configuration' },
  { id: 'portainer', name: 'Portainer', image: repo('portainer/portainer', 'portainer/portainer-ce', 'portainer/portainer-ee'), names: ['portainer'], power: 'administers the cluster (the first visitor of a new install becomes its admin)' },
  { id: 'headlamp', name: 'Headlamp', image: repo('headlamp-k8s/headlamp', 'kinvolk/headlamp'), names: ['headlamp'], power: 'administers the cluster with the token it is given' },
  { id: 'jaeger', name: 'Jaeger UI', image: repo('jaegertracing/all-in-one', 'jaegertracing/jaeger-query', 'jaegertracing/jaeger'), names: ['jaeger', 'jaeger-query'], ports: [16686], power: 'shows every traced request, without authentication' },
  { id: 'ray-dashboard', name: 'Ray dashboard', image: repo('rayproject/ray', 'rayproject/ray-ml'), ports: [8265], power: 'submits jobs that run arbitrary code, without authentication' },
];

const NAME_LABELS = ['app.kubernetes.io/name', 'app', 'k8s-app'];

/**
 * The console a workload runs, given its parsed image repositories, command lines and labels.
 * Written as plain loops: it is asked for every workload of the cluster.
 */
export function consoleOf(repositories: string[], argvs: string[], labels: Array<Record<string, string> | undefined>): AdminConsole | undefined {
  const lowered = repositories.map((r) => r.toLowerCase());
  const labelNames: string[] = [];
  for (const l of labels) {
    if (!l) continue;
    for (const k of NAME_LABELS) if (l[k] !== undefined) labelNames.push(l[k]);
  }
  for (const c of ADMIN_CONSOLES) {
    if (c.image) {
      for (let i = 0; i < lowered.length; i++) {
        if (c.image.test(lowered[i]!) && (!c.argv || c.argv.test(argvs[i] ?? ''))) return c;
      }
    }
    if (!c.names || !anyIn(labelNames, c.names)) continue;
    if (!c.argv) return c;
    for (const a of argvs) if (c.argv.test(a)) return c;
  }
  return undefined;
}

function anyIn(values: readonly string[], list: readonly string[]): boolean {
  for (const v of values) if (list.includes(v)) return true;
  return false;
}
