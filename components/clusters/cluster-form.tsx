'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import cronstrue from 'cronstrue';
import { CheckCircle2, FileUp, PlugZap, XCircle } from 'lucide-react';
import { Button, Card, CardBody, CardFooter, CardHeader, ErrorState, Field, Input, Select, Textarea } from '@/components/ui';
import { formatTimestamp } from '@/components/ui/relative-time';
import {
  CLUSTER_ENVIRONMENTS,
  clusterNameSchema,
  cronProblem,
  DEFAULT_SCAN_SCHEDULE,
  DEFAULT_SCHEDULE_TIMEZONE,
  nextScheduledRun,
  timezoneProblem,
  type ClusterEnvironment,
  type CredentialsInput,
} from '@/lib/clusters/schema';
import { useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import { LabelsInput } from './labels-input';
import { Tabs } from './tabs';
import {
  clusterKeys,
  useParseKubeconfig,
  useRegisterCluster,
  useTestCredentials,
  useTestStoredConnection,
  useUpdateCluster,
  type ClusterDto,
  type ConnectionTestResult,
  type KubeconfigContextOption,
} from './api';

type AuthTab = 'kubeconfig' | 'token' | 'in_cluster' | 'agent';

const TEST_TITLES: Record<string, string> = {
  dns: 'Host name not found',
  refused: 'Connection refused',
  'tls-unknown-ca': 'Untrusted certificate',
  'tls-hostname': 'Certificate does not match the host',
  tls: 'TLS handshake failed',
  unauthorized: 'Credentials rejected (401)',
  forbidden: 'Permission denied (403)',
  timeout: 'No answer (timeout)',
  'not-kubernetes': 'Not a Kubernetes API server',
  error: 'Connection failed',
};

export function ConnectionTestResultView({ result }: { result: ConnectionTestResult }) {
  if (result.ok) {
    return (
      <div role="status" className="flex items-start gap-2 rounded-md border border-success/30 bg-success-soft px-3 py-2 text-sm" data-testid="connection-test-result">
        <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-hidden="true" />
        <p>
          <span className="font-semibold text-success">Connected.</span> Kubernetes <span className="font-mono">{result.version}</span>
          {result.platform ? <span className="text-muted"> ({result.platform})</span> : null}
        </p>
      </div>
    );
  }
  return (
    <div role="alert" className="flex items-start gap-2 rounded-md border border-danger/30 bg-danger-soft px-3 py-2 text-sm" data-testid="connection-test-result">
      <XCircle className="mt-0.5 size-4 shrink-0 text-danger" aria-hidden="true" />
      <div className="min-w-0">
        <p className="font-semibold text-danger">{TEST_TITLES[result.code] ?? 'Connection failed'}</p>
        <p className="mt-0.5 break-words text-foreground">{result.message}</p>
      </div>
    </div>
  );
}

function describeCron(expr: string, timezone: string): string | null {
  if (cronProblem(expr, timezone)) return null;
  try {
    const text = cronstrue.toString(expr, { use24HourTimeFormat: true, verbose: false });
    const next = nextScheduledRun(expr, timezone);
    return `${text} (${timezone})${next ? ` · next: ${formatTimestamp(next)}` : ''}`;
  } catch {
    return null;
  }
}

/**
 * Register a cluster (mode "create") or edit one (mode "edit": credentials are kept unless the
 * user chooses to replace them). Credentials typed here go to the server once, over the API, and
 * are never shown again.
 */
export function ClusterForm({ mode, cluster }: { mode: 'create' | 'edit'; cluster?: ClusterDto }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState(cluster?.name ?? '');
  const [description, setDescription] = useState(cluster?.description ?? '');
  const [environment, setEnvironment] = useState<ClusterEnvironment>(cluster?.environment ?? 'production');
  const [labels, setLabels] = useState<Record<string, string>>(cluster?.labels ?? {});
  const [schedule, setSchedule] = useState(cluster?.scanSchedule ?? DEFAULT_SCAN_SCHEDULE);
  const [timezone, setTimezone] = useState(cluster?.scheduleTimezone ?? DEFAULT_SCHEDULE_TIMEZONE);
  const [replaceCredentials, setReplaceCredentials] = useState(mode === 'create');
  const [allowInsecureTls, setAllowInsecureTls] = useState(cluster?.insecureTlsAllowed ?? false);
  const [watchMode, setWatchMode] = useState(cluster?.watchMode ?? false);

  const [tab, setTab] = useState<AuthTab>(cluster?.authType ?? 'kubeconfig');
  const [kubeconfig, setKubeconfig] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [context, setContext] = useState('');
  const [contexts, setContexts] = useState<KubeconfigContextOption[] | null>(null);
  const [server, setServer] = useState('');
  const [token, setToken] = useState('');
  const [caPem, setCaPem] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const parse = useParseKubeconfig();
  const test = useTestCredentials();
  const register = useRegisterCluster();
  const update = useUpdateCluster(cluster?.id ?? '');
  const testStored = useTestStoredConnection(cluster?.id ?? '');
  const [testingAfterSave, setTestingAfterSave] = useState(false);

  // Read the contexts of the kubeconfig shortly after it changes.
  const parseMutate = parse.mutate;
  const parseReset = parse.reset;
  const lastParsed = useRef('');
  useEffect(() => {
    if (tab !== 'kubeconfig') return;
    const text = kubeconfig;
    if (!text.trim()) {
      setContexts(null);
      parseReset();
      lastParsed.current = '';
      return;
    }
    const timer = setTimeout(() => {
      if (lastParsed.current === text) return;
      lastParsed.current = text;
      parseMutate(text, {
        onSuccess: (out) => {
          setContexts(out.contexts);
          setContext((prev) => {
            if (out.contexts.some((c) => c.name === prev && c.usable)) return prev;
            const current = out.contexts.find((c) => c.name === out.currentContext && c.usable);
            return (current ?? out.contexts.find((c) => c.usable) ?? out.contexts[0])?.name ?? '';
          });
        },
        onError: () => setContexts(null),
      });
    }, 350);
    return () => clearTimeout(timer);
  }, [kubeconfig, tab, parseMutate, parseReset]);

  const selectedContext = contexts?.find((c) => c.name === context);
  const credentials: CredentialsInput | null = useMemo(() => {
    if (!replaceCredentials) return null;
    if (tab === 'kubeconfig') return kubeconfig.trim() ? { authType: 'kubeconfig', kubeconfig, ...(context ? { context } : {}) } : null;
    if (tab === 'token') return server.trim() && token.trim() ? { authType: 'token', server: server.trim(), token: token.trim(), ...(caPem.trim() ? { caPem } : {}) } : null;
    return { authType: tab };
  }, [replaceCredentials, tab, kubeconfig, context, server, token, caPem]);

  // A test result belongs to the credentials it tested.
  const testReset = test.reset;
  useEffect(() => testReset(), [credentials, testReset]);

  const nameProblem = (() => {
    const r = clusterNameSchema.safeParse(name);
    return r.success ? null : r.error.issues[0]?.message ?? 'Invalid name.';
  })();
  const tzProblem = timezoneProblem(timezone.trim() || 'x') ?? null;
  const scheduleProblem = cronProblem(schedule, tzProblem ? DEFAULT_SCHEDULE_TIMEZONE : timezone) ?? null;
  const insecureContext = replaceCredentials && tab === 'kubeconfig' && Boolean(selectedContext?.insecureSkipTlsVerify);
  const credentialsProblem = !replaceCredentials
    ? null
    : tab === 'kubeconfig'
      ? !kubeconfig.trim()
        ? 'Upload or paste a kubeconfig.'
        : parse.isError
          ? parse.error.message
          : (selectedContext?.problem ??
            (contexts && !context ? 'Pick a context.' : insecureContext && !allowInsecureTls ? 'This context turns off TLS verification: embed the cluster CA, or allow insecure TLS for this cluster below.' : null))
      : tab === 'token'
        ? !server.trim()
          ? 'Enter the API server URL.'
          : !token.trim()
            ? 'Paste the bearer token.'
            : null
        : null;
  const formValid = !nameProblem && !tzProblem && !scheduleProblem && !credentialsProblem;

  const saving = register.isPending || update.isPending || testingAfterSave;
  const saveError = register.error ?? update.error;

  const onSave = async () => {
    setSubmitted(true);
    if (!formValid) return;
    const common = {
      name: name.trim(),
      description: description.trim() || undefined,
      environment,
      labels,
      scanSchedule: schedule.trim(),
      scheduleTimezone: timezone.trim(),
    };
    if (mode === 'create') {
      if (!credentials) return;
      const created = await register.mutateAsync({ ...common, credentials, ...(insecureContext ? { allowInsecureTls } : {}) }).catch(() => null);
      if (!created) return;
      // Record the first connection status so the list shows it right away; a failure is shown there.
      setTestingAfterSave(true);
      await apiFetch(`/api/clusters/${encodeURIComponent(created.id)}/test`, { method: 'POST' }).catch(() => undefined);
      await queryClient.invalidateQueries({ queryKey: clusterKeys.all });
      router.push('/clusters');
      router.refresh();
    } else if (cluster) {
      const updated = await update
        .mutateAsync({
          ...common,
          description: description.trim() || null,
          ...(watchMode !== cluster.watchMode ? { watchMode } : {}),
          ...(credentials ? { credentials } : {}),
          // Confirming (new insecure credentials) or withdrawing (the box unticked) the permission.
          ...(insecureContext || (cluster.insecureTlsAllowed && !allowInsecureTls) ? { allowInsecureTls: insecureContext ? allowInsecureTls : false } : {}),
        })
        .catch(() => null);
      if (!updated) return;
      if (credentials) await testStored.mutateAsync().catch(() => undefined);
      router.push(`/clusters/${cluster.id}`);
      router.refresh();
    }
  };

  const cronText = describeCron(schedule, tzProblem ? DEFAULT_SCHEDULE_TIMEZONE : timezone);

  return (
    <form
      className="space-y-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      <Card>
        <CardHeader title="Cluster" description="How the cluster appears in Rampart and when it is scanned." />
        <CardBody className="grid gap-5 md:grid-cols-2">
          <Field label="Name" hint='Lowercase letters, digits and "-", e.g. prod-eu-1.' error={submitted || name ? nameProblem : null}>
            {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} placeholder="prod-eu-1" />}
          </Field>
          <Field label="Environment">
            {(p) => (
              <Select
                {...p}
                value={environment}
                onChange={(e) => setEnvironment(e.target.value as ClusterEnvironment)}
                options={CLUSTER_ENVIRONMENTS.map((v) => ({ value: v, label: v[0].toUpperCase() + v.slice(1) }))}
              />
            )}
          </Field>
          <Field label="Description (optional)" className="md:col-span-2">
            {(p) => <Input {...p} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} placeholder="EU production, payments team" />}
          </Field>
          <Field label="Labels" hint="key=value, press Enter to add. Used to filter and group clusters." className="md:col-span-2">
            {(p) => <LabelsInput id={p.id} describedBy={p['aria-describedby']} value={labels} onChange={setLabels} />}
          </Field>
          <Field label="Scan schedule (cron)" hint={cronText ?? '5 fields: minute hour day-of-month month day-of-week.'} error={scheduleProblem}>
            {(p) => <Input {...p} value={schedule} onChange={(e) => setSchedule(e.target.value)} className="font-mono" spellCheck={false} />}
          </Field>
          <Field label="Time zone" hint="IANA name, e.g. UTC or Europe/Berlin." error={timezone ? tzProblem : 'Time zone is required.'}>
            {(p) => <Input {...p} value={timezone} onChange={(e) => setTimezone(e.target.value)} spellCheck={false} />}
          </Field>
          {mode === 'edit' && cluster ? <WatchModeToggle checked={watchMode} onChange={setWatchMode} agent={cluster.authType === 'agent'} /> : null}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Connection"
          description={
            mode === 'create'
              ? 'Rampart needs read access to the cluster. Credentials are encrypted at rest and never shown again.'
              : 'The stored credentials are kept unless you replace them. They are never shown.'
          }
        />
        <CardBody className="space-y-4">
          {mode === 'edit' ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={replaceCredentials} onChange={(e) => setReplaceCredentials(e.target.checked)} className="size-4 accent-[var(--color-accent)]" />
              Replace the stored credentials
            </label>
          ) : null}
          {mode === 'edit' && cluster?.insecureTlsAllowed && !replaceCredentials ? <InsecureTlsConsent checked={allowInsecureTls} onChange={setAllowInsecureTls} /> : null}
          {replaceCredentials ? (
            <Tabs<AuthTab>
              label="Authentication method"
              value={tab}
              onChange={setTab}
              items={[
                { value: 'kubeconfig', label: 'Kubeconfig' },
                { value: 'token', label: 'API URL + token' },
                { value: 'in_cluster', label: 'In-cluster' },
                { value: 'agent', label: 'Agent' },
              ]}
            >
              {tab === 'kubeconfig' ? (
                <div className="space-y-4">
                  <div className="flex flex-wrap items-center gap-3">
                    <label className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-border bg-surface px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-surface-muted focus-within:outline-2 focus-within:outline-ring">
                      <FileUp className="size-4" aria-hidden="true" />
                      Upload kubeconfig
                      <input
                        type="file"
                        className="sr-only"
                        data-testid="kubeconfig-file"
                        onChange={async (e) => {
                          const file = e.target.files?.[0];
                          if (!file) return;
                          if (file.size > 1024 * 1024) {
                            setFileName(null);
                            setKubeconfig('');
                            return;
                          }
                          setFileName(file.name);
                          setKubeconfig(await file.text());
                          e.target.value = '';
                        }}
                      />
                    </label>
                    <span className="text-sm text-muted">{fileName ? `Loaded ${fileName}` : 'or paste it below'}</span>
                  </div>
                  <Field
                    label="Kubeconfig"
                    hint="Embedded certificates and tokens only. Export one with kubectl config view --minify --flatten. Exec plugins (aws, gcloud …) cannot run on the server."
                    error={submitted || parse.isError ? (parse.isError ? parse.error.message : kubeconfig.trim() ? null : 'Upload or paste a kubeconfig.') : null}
                  >
                    {(p) => (
                      <Textarea
                        {...p}
                        value={kubeconfig}
                        onChange={(e) => {
                          setKubeconfig(e.target.value);
                          setFileName(null);
                        }}
                        rows={8}
                        spellCheck={false}
                        autoComplete="off"
                        className="font-mono text-xs"
                        placeholder={'apiVersion: v1\nkind: Config\nclusters: …'}
                      />
                    )}
                  </Field>
                  {contexts ? (
                    <Field
                      label="Context"
                      hint={selectedContext && !selectedContext.problem ? `Server ${selectedContext.server} · user ${selectedContext.user} (${selectedContext.authKind})` : undefined}
                      error={
                        selectedContext?.problem ??
                        (selectedContext?.insecureSkipTlsVerify
                          ? 'Warning: this context sets insecure-skip-tls-verify, so the server’s identity is not checked and the token could be intercepted. Prefer embedding the cluster CA (certificate-authority-data).'
                          : undefined)
                      }
                    >
                      {(p) => (
                        <Select
                          {...p}
                          value={context}
                          onChange={(e) => setContext(e.target.value)}
                          options={contexts.map((c) => ({ value: c.name, label: `${c.name} — ${c.server || 'no server'}${c.usable ? '' : ' (cannot be used)'}` }))}
                        />
                      )}
                    </Field>
                  ) : parse.isPending ? (
                    <p className="text-sm text-muted" role="status">
                      Reading contexts…
                    </p>
                  ) : null}
                  {insecureContext ? <InsecureTlsConsent checked={allowInsecureTls} onChange={setAllowInsecureTls} /> : null}
                </div>
              ) : tab === 'token' ? (
                <div className="grid gap-4">
                  <Field label="API server URL" hint="The https:// address of the Kubernetes API server, e.g. https://api.example.com:6443." error={submitted && !server.trim() ? 'Enter the API server URL.' : null}>
                    {(p) => <Input {...p} value={server} onChange={(e) => setServer(e.target.value)} placeholder="https://api.example.com:6443" spellCheck={false} className="font-mono" />}
                  </Field>
                  <Field label="Bearer token" hint="A read-only service-account token (kubectl create token …)." error={submitted && !token.trim() ? 'Paste the bearer token.' : null}>
                    {(p) => <Input {...p} type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} className="font-mono" />}
                  </Field>
                  <Field label="CA bundle (PEM)" hint="The CA that signed the API server's certificate. Leave empty only for publicly trusted certificates.">
                    {(p) => (
                      <Textarea
                        {...p}
                        value={caPem}
                        onChange={(e) => setCaPem(e.target.value)}
                        rows={5}
                        spellCheck={false}
                        className="font-mono text-xs"
                        placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'}
                      />
                    )}
                  </Field>
                </div>
              ) : tab === 'agent' ? (
                <p className="text-sm text-muted">
                  For private clusters: <code>rampart agent</code> runs inside the cluster with a read-only ClusterRole and pushes snapshots to Rampart over
                  HTTPS, so Rampart never connects to the API server. After saving, create the enrolment token on the cluster page (API:{' '}
                  <code>POST /api/clusters/&lt;id&gt;/agent-token</code>) and apply the manifests in <code>deploy/agent</code>.
                </p>
              ) : (
                <p className="text-sm text-muted">
                  Use the service account of the pod Rampart runs in (its mounted token and CA). Only works when Rampart is deployed inside the cluster it
                  scans; grant that service account read access.
                </p>
              )}
            </Tabs>
          ) : null}
          {test.data ? <ConnectionTestResultView result={test.data} /> : null}
          {test.isError ? <ErrorState title="Could not test the connection" error={test.error} /> : null}
        </CardBody>
        {replaceCredentials ? (
          <CardFooter className="justify-start">
            <Button
              variant="secondary"
              icon={<PlugZap className="size-4" aria-hidden="true" />}
              loading={test.isPending}
              disabled={!credentials || Boolean(credentialsProblem)}
              onClick={() => credentials && test.mutate({ credentials, allowInsecureTls: insecureContext && allowInsecureTls })}
            >
              Test connection
            </Button>
            <span className="text-xs text-muted">Checks the address, the certificate and the credentials without saving anything.</span>
          </CardFooter>
        ) : null}
      </Card>

      {saveError ? <ErrorState title={mode === 'create' ? 'Could not register the cluster' : 'Could not save the changes'} error={saveError} /> : null}
      {submitted && !formValid && !saveError ? (
        <p role="alert" className="text-sm font-medium text-danger">
          Fix the highlighted fields first{credentialsProblem ? `: ${credentialsProblem}` : '.'}
        </p>
      ) : null}
      <div className="flex items-center justify-end gap-2">
        <Button variant="ghost" onClick={() => router.back()} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" loading={saving}>
          {mode === 'create' ? (testingAfterSave ? 'Testing connection…' : 'Save cluster') : 'Save changes'}
        </Button>
      </div>
    </form>
  );
}

/** Watch mode (edit only): a worker watches the API server and re-evaluates within a minute of a change; the change is audited. */
function WatchModeToggle({ checked, onChange, agent }: { checked: boolean; onChange: (checked: boolean) => void; agent: boolean }) {
  return (
    <div className="md:col-span-2">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" checked={checked} disabled={agent && !checked} onChange={(e) => onChange(e.target.checked)} className="mt-0.5 size-4 accent-[var(--color-accent)]" />
        <span>
          <span className="font-medium">Watch mode</span>
          <span className="block text-muted">
            {agent
              ? 'Not available for agent clusters: Rampart cannot reach their API server. They are scanned each time their agent uploads (its --interval).'
              : 'A worker keeps a watch on the API server and re-evaluates the checks within a minute of a change. Scheduled scans still run as the full reconciliation.'}
          </span>
        </span>
      </label>
    </div>
  );
}

/** The admin's explicit consent to scan a cluster whose kubeconfig turns off TLS verification (stored and audited). */
function InsecureTlsConsent({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-start gap-2 text-sm text-danger">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="mt-0.5 size-4 accent-[var(--color-accent)]" data-testid="allow-insecure-tls" />
      <span>
        Allow insecure TLS for this cluster: its kubeconfig sets insecure-skip-tls-verify, so the API server&apos;s identity is not checked and the credentials could be intercepted. This
        choice is recorded in the audit log and shown on the cluster page.
      </span>
    </label>
  );
}
