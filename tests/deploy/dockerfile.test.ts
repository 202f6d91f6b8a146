/**
 * The Dockerfile's logic, checked without a Docker engine (none on the build machines): it is
 * parsed into stages and instructions, and the test asserts what a reviewer would — multi-stage
 * on Node 24, a non-root numeric USER, a HEALTHCHECK, production dependencies only in the final
 * stage, no secrets in ENV/ARG, every COPY source present — and, by walking the static imports of
 * the CLI, that everything `rampart serve|worker|migrate|rotate-key` loads is in the final image.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}
interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}

/** Parses a Dockerfile: comments dropped, `\` continuations joined, instructions grouped by FROM. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = '';
  let startLine = 0;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trim().startsWith('#'))) return;
    if (pending && line.trim().startsWith('#')) return; // comment inside a continuation
    if (!pending) startLine = i + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const m = /^(\w+)\s+([\s\S]*)$/.exec(full);
    if (!m) throw new Error(`line ${startLine}: cannot parse "${full}"`);
    const keyword = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (keyword === 'FROM') {
      const f = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!f) throw new Error(`line ${startLine}: bad FROM`);
      stages.push({ base: f[1]!, ...(f[2] ? { name: f[2] } : {}), instructions: [] });
      return;
    }
    if (stages.length === 0) {
      if (keyword === 'ARG') return; // global ARG before the first FROM
      throw new Error(`line ${startLine}: ${keyword} before FROM`);
    }
    stages[stages.length - 1]!.instructions.push({ keyword, args, line: startLine });
  });
  return stages;
}

const dockerfile = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const final = dockerfile[dockerfile.length - 1]!;
const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const one = (stage: Stage, keyword: string) => {
  const found = all(stage, keyword);
  expect(found, `${keyword} in the final stage`).toHaveLength(1);
  return found[0]!;
};

interface Copy {
  from?: string;
  sources: string[];
  dest: string;
}
function parseCopy(args: string): Copy {
  const parts = args.split(/\s+/);
  let from: string | undefined;
  const rest: string[] = [];
  for (const p of parts) {
    const m = /^--from=(.+)$/.exec(p);
    if (m) from = m[1];
    else if (!p.startsWith('--')) rest.push(p);
  }
  return { ...(from ? { from } : {}), sources: rest.slice(0, -1), dest: rest[rest.length - 1]! };
}
const workdirOf = (stage: Stage) => all(stage, 'WORKDIR').at(-1)?.args ?? '/';

/** Repo-relative paths the final stage holds under its WORKDIR (from its COPY instructions). */
function finalImagePaths(): string[] {
  const workdir = workdirOf(final);
  const out: string[] = [];
  for (const c of all(final, 'COPY').map((i) => parseCopy(i.args))) {
    for (const src of c.sources) {
      const abs = c.dest.endsWith('/') || c.sources.length > 1 ? path.posix.join(c.dest.startsWith('/') ? c.dest : path.posix.join(workdir, c.dest), path.posix.basename(src)) : c.dest.startsWith('/') ? c.dest : path.posix.join(workdir, c.dest);
      out.push(path.posix.relative(workdir, abs));
    }
  }
  return out;
}

describe('Dockerfile', () => {
  it('is multi-stage, every stage on Node 24', () => {
    expect(dockerfile.length).toBeGreaterThanOrEqual(2);
    for (const s of dockerfile) {
      expect(s.base, `stage ${s.name}`).toMatch(/^(node:24(\.\d+){0,2}-(bookworm|bookworm-slim|slim)(@sha256:[0-9a-f]{64})?|gcr\.io\/distroless\/nodejs24-debian12(:nonroot)?(@sha256:[0-9a-f]{64})?)$/);
    }
    expect(new Set(dockerfile.map((s) => s.name)).size).toBe(dockerfile.length); // every stage named
  });

  it('the build stage runs npm ci and the production build; prisma generate runs without a native engine', () => {
    const build = dockerfile.find((s) => all(s, 'RUN').some((r) => /npm run build/.test(r.args)));
    expect(build).toBeDefined();
    expect(all(build!, 'RUN').some((r) => /\bnpm ci\b/.test(r.args) && !/--omit=dev/.test(r.args))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.postinstall).toContain('PRISMA_SCHEMA_ENGINE_BINARY=/bin/false');
  });

  it('what the postinstall (prisma generate → prisma.config.ts) imports is copied before npm ci', () => {
    const build = dockerfile.find((s) => all(s, 'RUN').some((r) => /npm run build/.test(r.args)))!;
    const install = all(build, 'RUN').find((r) => /\bnpm ci\b/.test(r.args))!;
    const before = all(build, 'COPY')
      .filter((c) => c.line < install.line)
      .flatMap((c) => parseCopy(c.args).sources);
    const configText = readFileSync(path.join(ROOT, 'prisma.config.ts'), 'utf8');
    const localImports = [...configText.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => `${path.posix.normalize(m[1]!)}.ts`);
    for (const needed of ['package.json', 'package-lock.json', 'prisma', 'prisma.config.ts', ...localImports]) {
      expect(before, needed).toContain(needed);
    }
  });

  it('the final stage runs as a numeric non-root user, with a HEALTHCHECK on /api/health and the rampart entrypoint', () => {
    const user = one(final, 'USER').args;
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThanOrEqual(10000);
    expect(all(final, 'USER').length).toBe(1);
    // Nothing runs after USER as root again, and the USER comes after every RUN.
    const userLine = one(final, 'USER').line;
    expect(all(final, 'RUN').every((r) => r.line < userLine)).toBe(true);

    const health = one(final, 'HEALTHCHECK').args;
    expect(health).toMatch(/CMD \[\s*"node"/);
    expect(health).toContain('/api/health');
    expect(health).not.toMatch(/curl|wget/);
    expect(JSON.parse(one(final, 'ENTRYPOINT').args)).toEqual(['node', '--max-semi-space-size=16', 'bin/rampart.mjs']);
    expect(JSON.parse(one(final, 'CMD').args)).toEqual(['serve']);
  });

  it('only production dependencies reach the final stage', () => {
    // The final stage installs nothing itself ...
    expect(all(final, 'RUN').some((r) => /\bnpm (ci|install|i)\b/.test(r.args))).toBe(false);
    // ... and its node_modules comes from a stage whose only install is `npm ci --omit=dev`.
    const nodeModules = all(final, 'COPY').map((i) => parseCopy(i.args)).filter((c) => c.sources.some((s) => s.endsWith('node_modules')));
    expect(nodeModules).toHaveLength(1);
    const source = dockerfile.find((s) => s.name === nodeModules[0]!.from);
    expect(source, 'node_modules copied from a named stage').toBeDefined();
    const installs = all(source!, 'RUN').filter((r) => /\bnpm (ci|install|i)\b/.test(r.args));
    expect(installs.length).toBe(1);
    expect(installs[0]!.args).toMatch(/npm ci --omit=dev/);
    expect(all(source!, 'COPY').every((c) => parseCopy(c.args).from === undefined)).toBe(true); // a clean install, not a pruned copy
  });

  it('declares no secrets in ENV or ARG', () => {
    const SECRETISH = /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|DATABASE_URL|API_KEY|_KEY\b/i;
    for (const stage of dockerfile) {
      for (const i of [...all(stage, 'ENV'), ...all(stage, 'ARG')]) {
        const names = [...i.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)].map((m) => m[1]!);
        for (const name of names) expect(name, `${i.keyword} at line ${i.line}`).not.toMatch(SECRETISH);
      }
    }
  });

  it('every COPY source exists (in the repository, or as the build stage\'s output)', () => {
    const BUILD_OUTPUTS = new Set(['.next', 'node_modules']);
    for (const stage of dockerfile) {
      const workdirs = new Map(dockerfile.map((s) => [s.name, workdirOf(s)]));
      for (const c of all(stage, 'COPY').map((i) => parseCopy(i.args))) {
        for (const src of c.sources) {
          const rel = c.from ? path.posix.relative(workdirs.get(c.from) ?? '/', src) : src;
          if (rel === '.' ) continue;
          if (BUILD_OUTPUTS.has(rel)) continue;
          expect(existsSync(path.join(ROOT, rel)), `COPY ${c.from ? `--from=${c.from} ` : ''}${src}`).toBe(true);
        }
      }
    }
  });

  it('.dockerignore keeps secrets and local state out of the build context, and nothing the build needs', () => {
    const patterns = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const toRegex = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    const ignored = (name: string) => patterns.some((p) => !p.startsWith('!') && toRegex(p).test(name));
    for (const name of ['.git', '.env', '.env.local', '.rampart', 'node_modules', '.next', 'dev.pem', 'admin.kubeconfig']) expect(ignored(name), name).toBe(true);
    for (const name of ['package.json', 'package-lock.json', 'app', 'lib', 'bin', 'prisma', 'public', 'components', 'next.config.ts', 'tsconfig.json', 'postcss.config.mjs', 'prisma.config.ts', 'proxy.ts']) {
      expect(ignored(name), name).toBe(false);
    }
  });

  it('the final image holds every file and package the CLI loads (static imports from bin/)', () => {
    const inImage = finalImagePaths();
    const covered = (rel: string) => inImage.some((p) => rel === p || rel.startsWith(`${p}/`));
    for (const needed of ['package.json', 'tsconfig.json', 'prisma/migrations', 'prisma/schema.prisma', '.next', 'public', 'next.config.ts']) {
      expect(covered(needed), needed).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const prodDeps = new Set(Object.keys(pkg.dependencies));
    const builtins = new Set(builtinModules);

    const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^;()'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
    const resolveLocal = (fromFile: string, spec: string): string | undefined => {
      const base = spec.startsWith('@/') ? path.join(ROOT, spec.slice(2)) : path.resolve(path.dirname(fromFile), spec);
      const stem = base.replace(/\.(m?js)$/, '');
      for (const c of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, path.join(base, 'index.ts')]) {
        if (existsSync(c) && statSync(c).isFile()) return c;
      }
      return undefined;
    };
    const seen = new Set<string>();
    const packages = new Set<string>();
    // bin/rampart.ts imports EVERY command module at start-up (to register it), so each one's
    // static imports must resolve inside the image, whichever command runs.
    const commands = readdirSync(path.join(ROOT, 'bin/commands')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(commands).toEqual(expect.arrayContaining(['serve.ts', 'migrate.ts', 'rotate-key.ts', 'agent-kubeconfig.ts']));
    const queue = [path.join(ROOT, 'bin/rampart.mjs'), path.join(ROOT, 'bin/rampart.ts'), ...commands.map((f) => path.join(ROOT, 'bin/commands', f))];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        if (m[1]) continue; // import type: erased
        const spec = m[2]!;
        if (spec.startsWith('.') || spec.startsWith('@/')) {
          const resolved = resolveLocal(file, spec);
          expect(resolved, `${path.relative(ROOT, file)} imports ${spec}`).toBeDefined();
          queue.push(resolved!);
        } else if (!spec.startsWith('node:') && !builtins.has(spec)) {
          packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(20);
    expect([...packages]).toEqual(expect.arrayContaining(['next', 'commander', '@kubernetes/client-node', 'tsx']));
    const missing = [...seen].map((f) => path.relative(ROOT, f)).filter((rel) => !covered(rel));
    expect(missing, 'files the CLI loads that the final stage does not COPY').toEqual([]);
    const devOnly = [...packages].filter((p) => !prodDeps.has(p));
    expect(devOnly, 'packages the CLI loads that are not production dependencies').toEqual([]);
  });
});
