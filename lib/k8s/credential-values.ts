/**
 * Credentials recognised by their value, whatever the variable, flag or key holding them is
 * called: PEM private keys, cloud and SaaS tokens with a fixed shape, JWTs, `Bearer` values and
 * URLs that carry a password. Also finds credentials in container command / args token lists
 * (`--password=…`, `--token …`, `PASSWORD=…`, `sh -c "…"` scripts).
 *
 * Pure and value-blind in its output: every function returns kinds, token indexes and character
 * offsets, never the credential itself, so callers can report or mask without holding the value.
 */
import { isReferenceOrPlaceholder, looksLikeSecretName, nameWords } from './secret-names';

export const CREDENTIAL_KINDS = [
  'private-key',
  'aws-access-key',
  'github-token',
  'gitlab-token',
  'slack-token',
  'slack-webhook',
  'stripe-key',
  'jwt',
  'bearer-token',
  'url-password',
  /** A `key=value;` connection string with a password or account key (ADO.NET, Azure Storage / Service Bus). */
  'connection-string',
  /** A value given to a flag or variable whose name says it is a credential (`--password x`, `TOKEN=x`). */
  'named-credential',
] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** Human-readable names of the kinds, for finding messages. */
export const CREDENTIAL_KIND_LABELS: Record<CredentialKind, string> = {
  'private-key': 'a PEM private key',
  'aws-access-key': 'an AWS access key id',
  'github-token': 'a GitHub token',
  'gitlab-token': 'a GitLab token',
  'slack-token': 'a Slack token',
  'slack-webhook': 'a Slack webhook URL',
  'stripe-key': 'a Stripe secret key',
  jwt: 'a JSON Web Token',
  'bearer-token': 'a Bearer token',
  'url-password': 'a URL with a password',
  'connection-string': 'a connection string with a password or key',
  'named-credential': 'a literal value of a credential setting',
};

/** Where a credential sits inside a string: [start, end) character offsets. Never the value. */
export interface CredentialMatch {
  kind: CredentialKind;
  start: number;
  end: number;
}

/** A token body made of one repeated character or a run of fill-in x's is a sample, not a key. */
function isFillerBody(body: string): boolean {
  return /^(.)\1*$/.test(body) || /x{6,}|X{6,}|\*{3,}|\.{3,}/.test(body);
}

interface TokenPattern {
  kind: CredentialKind;
  re: RegExp;
  /** Group holding the random part, checked against filler. */
  body: number;
}

// Boundaries: a token must not be the tail or head of a longer word.
const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';

const TOKEN_PATTERNS: TokenPattern[] = [
  // AWS access key ids: AKIA (long-term) and ASIA (temporary) + 16 upper-case letters or digits.
  { kind: 'aws-access-key', re: new RegExp(`${B}(?:AKIA|ASIA)([A-Z0-9]{16})${E}`, 'g'), body: 1 },
  // GitHub personal / OAuth / user-to-server / server-to-server / refresh tokens, fine-grained PATs.
  { kind: 'github-token', re: new RegExp(`${B}gh[pousr]_([A-Za-z0-9]{30,255})${E}`, 'g'), body: 1 },
  { kind: 'github-token', re: new RegExp(`${B}github_pat_([A-Za-z0-9_]{40,255})${E}`, 'g'), body: 1 },
  // GitLab personal access tokens.
  { kind: 'gitlab-token', re: /(?<![A-Za-z0-9_-])glpat-([A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])/g, body: 1 },
  // Slack bot / user / app-level / workspace / refresh tokens.
  // Their numeric parts (team / user / app ids) come first: `xoxb-<digits>-<digits>-<random>`, `xapp-1-A…-<digits>-<hex>`.
  { kind: 'slack-token', re: /(?<![A-Za-z0-9_-])xox[abposr]-(\d+-[0-9A-Za-z-]{10,})(?![A-Za-z0-9_-])/g, body: 1 },
  { kind: 'slack-token', re: /(?<![A-Za-z0-9_-])xapp-(\d+-[A-Z0-9]+-\d+-[0-9A-Za-z]{10,})(?![A-Za-z0-9_-])/g, body: 1 },
  // Incoming webhooks: workspace id T…, channel / bot id B…, then the secret path part.
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/([A-Za-z0-9]{16,})/g, body: 1 },
  // Stripe secret and restricted keys, live and test (publishable pk_ keys are public by design).
  { kind: 'stripe-key', re: new RegExp(`${B}(?:sk|rk)_(?:live|test)_([A-Za-z0-9]{16,255})${E}`, 'g'), body: 1 },
];

// PEM armour of private keys (PKCS#1 RSA, SEC1 EC, DSA, PKCS#8 plain and encrypted, OpenSSH, PGP).
const PEM_BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |ANY )?PRIVATE KEY(?: BLOCK)?)-----/g;
/** Base64 lines (real or escaped newlines between them) directly after a BEGIN line. */
const PEM_BODY_LINES = /^(?:\s|\\[nr])*(?:[A-Za-z0-9+/=]{16,}(?:\s|\\[nr])*)+/;
/** The longest PEM block looked at (an RSA 16384-bit or PGP private key block stays well below). */
const PEM_MAX_BLOCK = 64 * 1024;
/** Enough base64 after the armour to be key material rather than a documentation stub. */
const PEM_MIN_BODY = 40;

function findPrivateKeys(text: string, out: CredentialMatch[]): void {
  const begins = [...text.matchAll(PEM_BEGIN)];
  begins.forEach((m, i) => {
    const start = m.index;
    const bodyFrom = start + m[0].length;
    // A block ends before the next BEGIN line and within the size of the largest keys, so the
    // windows of all blocks together cover the text at most once.
    const window = text.slice(bodyFrom, Math.min(begins[i + 1]?.index ?? text.length, bodyFrom + PEM_MAX_BLOCK));
    const endMarker = `-----END ${m[1]}-----`;
    const endAt = window.indexOf(endMarker);
    // Without its END line (a truncated value), only the base64 lines right after BEGIN count.
    const body = endAt >= 0 ? window.slice(0, endAt) : (PEM_BODY_LINES.exec(window)?.[0] ?? '');
    const end = bodyFrom + body.length + (endAt >= 0 ? endMarker.length : 0);
    // Escaped newlines (a key inside a JSON string) are not body characters.
    const material = body.replace(/\\[nr]/g, '').replace(/[^A-Za-z0-9+/=]/g, '');
    if (material.length >= PEM_MIN_BODY && !isFillerBody(material)) out.push({ kind: 'private-key', start, end });
  });
  // A PEM key stored base64-encoded ("LS0tLS1CRUdJTi" is "-----BEGIN"): decode and look again.
  for (const m of text.matchAll(/LS0tLS1CRUdJTi[A-Za-z0-9+/]+={0,2}/g)) {
    const decoded = Buffer.from(m[0], 'base64').toString('utf8');
    const inner: CredentialMatch[] = [];
    if (decoded.includes('PRIVATE KEY')) findPrivateKeys(decoded, inner);
    if (inner.length > 0) out.push({ kind: 'private-key', start: m.index, end: m.index + m[0].length });
  }
}

function base64UrlJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

// JWS compact serialisation: header.payload.signature, header starting `eyJ` ("{" base64url-encoded).
const JWT = /(?<![A-Za-z0-9_.-])(eyJ[A-Za-z0-9_-]{5,})\.(eyJ[A-Za-z0-9_-]*|[A-Za-z0-9_-]{2,})\.([A-Za-z0-9_-]{16,})(?![A-Za-z0-9_.-])/g;

function findJwts(text: string, out: CredentialMatch[]): void {
  for (const m of text.matchAll(JWT)) {
    const header = base64UrlJson(m[1]);
    if (header === null || typeof header !== 'object' || typeof (header as { alg?: unknown }).alg !== 'string') continue;
    out.push({ kind: 'jwt', start: m.index, end: m.index + m[0].length });
  }
}

// `Bearer <token>` (RFC 6750 b64token): an opaque token of some length with letters and digits.
const BEARER = /\bBearer\s+([A-Za-z0-9._~+/-]{16,}=*)(?![A-Za-z0-9._~+/=$-])/g;

function findBearer(text: string, out: CredentialMatch[]): void {
  for (const m of text.matchAll(BEARER)) {
    const token = m[1];
    if (!/[0-9]/.test(token) || !/[A-Za-z]/.test(token) || isFillerBody(token)) continue;
    out.push({ kind: 'bearer-token', start: m.index, end: m.index + m[0].length });
  }
}

// scheme://[user]:password@host — the password may not contain / ? # @ or whitespace (RFC 3986 userinfo).
// Every part is bounded so that long runs of scheme or userinfo characters cannot make the search quadratic.
const URL_WITH_PASSWORD = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}):\/\/([^\s:@/?#'"]{0,256}):([^\s@/?#'"]{1,256})@([A-Za-z0-9[][^\s/?#'"]{0,253})/gi;

/**
 * Passwords in URLs that documentation and sample configuration use as stand-ins. A URL written
 * with one of these shows the shape of a connection string, not a working credential.
 */
const SAMPLE_URL_PASSWORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'apikey', 'changeme', 'mypassword', 'yourpassword', 'userpassword', 'passw0rd']);

/** True when a password is a reference or fill-in (`${PASS}`, `$(PASS)`, `<password>`, `%s`, `****`, `changeme`). */
function isUrlPasswordPlaceholder(password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    /* keep as written */
  }
  if (isReferenceOrPlaceholder(decoded)) return true;
  if (/[$`{}]|%[sd]|\{\{/.test(decoded)) return true; // shell / Kubernetes / template / printf substitution
  if (/^\[.*\]$/.test(decoded)) return true; // [password]
  return SAMPLE_URL_PASSWORDS.has(decoded.toLowerCase().replace(/[-_]/g, ''));
}

function findUrlPasswords(text: string, out: CredentialMatch[]): void {
  for (const m of text.matchAll(URL_WITH_PASSWORD)) {
    if (isUrlPasswordPlaceholder(m[3])) continue;
    out.push({ kind: 'url-password', start: m.index, end: m.index + m[0].length });
  }
}

// `Name=value;` connection strings: Azure Storage / Service Bus / Event Hubs keys, ADO.NET passwords.
const CONNECTION_STRING_SECRET = /(?<=^|;)\s*(AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd)\s*=\s*([^;\n]+)/gi;

function findConnectionStrings(text: string, out: CredentialMatch[]): void {
  // Only text shaped as a connection string: several `name=value` pairs separated by semicolons.
  if (!/^[^;=\n]+=[^;\n]*;\s*[^;=\n]+=/m.test(text)) return;
  for (const m of text.matchAll(CONNECTION_STRING_SECRET)) {
    const value = m[2].trim();
    if (isUrlPasswordPlaceholder(value)) continue;
    out.push({ kind: 'connection-string', start: m.index, end: m.index + m[0].length });
  }
}

/**
 * A marker every credential recognised below contains (a superset, one pass): lets the masker
 * (lib/k8s/mask.ts), which sees every string of every stored manifest and finding, skip the
 * patterns for text that cannot match them. Add a marker here with every new pattern.
 */
const MAY_HOLD_CREDENTIAL = /-----BEGIN|LS0tLS1CRUdJTi|A[KS]IA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|xapp-|[sr]k_(?:live|test)_|eyJ|Bearer|:\/\/|;/;

/**
 * Every credential recognised by its value inside `text` (an environment value, a ConfigMap
 * value, a command token), in order of position; overlapping matches keep the first found.
 */
export function findCredentialsInText(text: string): CredentialMatch[] {
  if (text.length < 16 || !MAY_HOLD_CREDENTIAL.test(text)) return [];
  const found: CredentialMatch[] = [];
  findPrivateKeys(text, found);
  for (const p of TOKEN_PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      if (isFillerBody(m[p.body])) continue;
      found.push({ kind: p.kind, start: m.index, end: m.index + m[0].length });
    }
  }
  findJwts(text, found);
  findBearer(text, found);
  findUrlPasswords(text, found);
  findConnectionStrings(text, found);
  return withoutOverlaps(found);
}

/**
 * Matches in order of position; of overlapping matches the one starting first (then the one
 * found first: private keys, tokens, JWTs, Bearer, URLs, connection strings) is kept. Linear
 * after the sort, whatever the number of matches.
 */
function withoutOverlaps<T extends { start: number; end: number }>(found: T[]): T[] {
  const sorted = found.map((f, order) => ({ f, order })).sort((a, b) => a.f.start - b.f.start || a.order - b.order);
  const kept: T[] = [];
  let reached = -1;
  for (const { f } of sorted) {
    if (f.start < reached) continue;
    kept.push(f);
    reached = f.end;
  }
  return kept;
}

/** The kind of the first credential recognised in `text`, or undefined. */
export function credentialKindOf(text: string): CredentialKind | undefined {
  return findCredentialsInText(text)[0]?.kind;
}

// ---------------------------------------------------------------------------------------------
// Command lines

/** A credential found in a command / args list. `start`/`end` locate the value inside the token. */
export interface ArgCredential {
  /** Index of the token (in the list given) that holds the credential. */
  index: number;
  kind: CredentialKind;
  /** The flag or variable name that announced it (`--db-password`, `PGPASSWORD`); absent for value-recognised credentials. */
  name?: string;
  start: number;
  end: number;
}

/**
 * Values that stand for something else on a command line: shell and Kubernetes substitutions
 * (`$PASS`, `$(cat /run/secrets/x)`, `` `…` ``), file references (`@/path`, `file:…`) and the
 * placeholders the env heuristics know.
 */
function isArgReference(value: string, name: string): boolean {
  const v = value.trim();
  if (/^[$`]/.test(v) || /\$\{|\$\(/.test(v)) return true;
  if (/^@|^file:|^env:|^\.{0,2}\//.test(v)) return true;
  return isReferenceOrPlaceholder(v, name);
}

/**
 * Flags that name a Secret object rather than hold a credential (`--tls-secret=ns/name`,
 * `--credentials=cloud-creds`): the last word is `secret` / `credentials` and the value is a
 * Kubernetes object name or namespace/name.
 */
function isObjectReference(name: string, value: string): boolean {
  const last = nameWords(name).at(-1);
  if (last !== 'secret' && last !== 'secrets' && last !== 'credentials' && last !== 'creds') return false;
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\/[a-z0-9]([-.a-z0-9]*[a-z0-9])?)?$/.test(value) && /[-/]/.test(value);
}

/** Client programs whose short option carries a password: mysql `-pSECRET`, redis-cli `-a SECRET`. */
const SHORT_PASSWORD_OPTIONS: { program: RegExp; option: string; attached: boolean }[] = [
  { program: /(^|\/)(mysql|mysqladmin|mysqldump|mysqlimport|mysqlshow|mysqlcheck|mariadb|mariadb-dump|mariadb-admin)$/, option: '-p', attached: true },
  { program: /(^|\/)(redis-cli|keydb-cli|valkey-cli)$/, option: '-a', attached: false },
];

/** Leading dashes off a flag; undefined when the token is not a long or short flag. */
function flagName(token: string): string | undefined {
  const m = /^--?([A-Za-z][A-Za-z0-9_.-]*)$/.exec(token);
  return m?.[1];
}

/** Locates a value given by word `i` (or the word's tail `value`) in the original tokens. */
type Locate = (i: number, value: string) => { index: number; start: number; end: number };

function pushNamed(out: ArgCredential[], locate: Locate, i: number, name: string, value: string): void {
  if (value === '' || isArgReference(value, name) || isObjectReference(name, value)) return;
  out.push({ ...locate(i, value), kind: 'named-credential', name });
}

/**
 * Splits a shell script into words with their offsets, honouring single and double quotes.
 * Operators (; && || | newline) end a word. Good enough to read flags; not a shell parser.
 */
function shellWords(script: string): { word: string; start: number; end: number }[] {
  const words: { word: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < script.length) {
    while (i < script.length && /[\s;&|()]/.test(script[i])) i++;
    if (i >= script.length) break;
    const start = i;
    let word = '';
    while (i < script.length && !/[\s;&|]/.test(script[i])) {
      const ch = script[i];
      if (ch === "'" || ch === '"') {
        const close = script.indexOf(ch, i + 1);
        const stop = close < 0 ? script.length : close;
        word += script.slice(i + 1, stop);
        i = stop + 1;
      } else {
        word += ch;
        i++;
      }
    }
    words.push({ word, start, end: Math.min(i, script.length) });
  }
  return words;
}

/**
 * A fragment every name looksLikeSecretName accepts contains (password, pwd, secret, token, …key,
 * credentials, netrc, id_rsa / id_dsa / id_ed25519), or a client with a short password option.
 * A superset: used only to skip command lines that cannot hold a named credential.
 */
const MAY_NAME_CREDENTIAL = /pass|pwd|secret|token|key|cred|netrc|rsa|dsa|ed25519|mysql|mariadb|redis|keydb|valkey/i;

/** looksLikeSecretName, remembered: the same flag and variable names recur in every container. */
const secretNameCache = new Map<string, boolean>();
function isSecretName(name: string): boolean {
  let known = secretNameCache.get(name);
  if (known === undefined) {
    known = looksLikeSecretName(name);
    if (secretNameCache.size > 10_000) secretNameCache.clear();
    secretNameCache.set(name, known);
  }
  return known;
}

/** Flag / assignment rules over one list of words (a command line, or a shell script's words). */
function scanWords(words: readonly string[], locate: Locate, out: ArgCredential[]): void {
  const programAt = SHORT_PASSWORD_OPTIONS.map((s) => words.findIndex((w) => s.program.test(w)));
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    // --password=x, -token=x, PASSWORD=x (also `export PASSWORD=x`, `env PASSWORD=x cmd`)
    const assign = /^(--?)?([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(word);
    if (assign) {
      const name = assign[2];
      const dashes = assign[1] ?? '';
      if ((dashes !== '' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) && isSecretName(name)) pushNamed(out, locate, i, `${dashes}${name}`, assign[3]);
      continue;
    }
    // --password x
    const flag = flagName(word);
    if (flag !== undefined && flag.length > 1 && isSecretName(flag) && i + 1 < words.length && !words[i + 1].startsWith('-')) {
      pushNamed(out, locate, i + 1, word, words[i + 1]);
      i++;
      continue;
    }
    // mysql -pSECRET, redis-cli -a SECRET (after the program's name)
    if (!/^-[a-z]/.test(word)) continue;
    for (const [k, s] of SHORT_PASSWORD_OPTIONS.entries()) {
      if (programAt[k] < 0 || programAt[k] >= i) continue;
      if (s.attached && word.startsWith(s.option) && word.length > s.option.length) {
        pushNamed(out, locate, i, s.option, word.slice(s.option.length));
      } else if (!s.attached && word === s.option && i + 1 < words.length) {
        pushNamed(out, locate, i + 1, s.option, words[i + 1]);
        i++;
      }
    }
  }
}

/**
 * Credentials in a container's command line (command followed by args, or either alone): flags
 * and variables named as credentials with a literal value, and values recognised by shape in any
 * token, including inside `sh -c` scripts. At most one entry per token and credential position;
 * entries give the token index, kind and the value's offsets inside the token, never the value.
 */
export function findCredentialsInArgs(tokens: readonly string[]): ArgCredential[] {
  if (tokens.length === 0) return [];
  // Most command lines hold no credential word and no credential marker: one test settles them.
  const joined = tokens.join('\n');
  if (!MAY_NAME_CREDENTIAL.test(joined) && !MAY_HOLD_CREDENTIAL.test(joined)) return [];
  const out: ArgCredential[] = [];
  // A value is the tail of its token (`--password=x`) or the whole token (`--password x`).
  const tail: Locate = (i, value) => ({ index: i, start: tokens[i].length - value.length, end: tokens[i].length });
  // Tokens holding a script (`sh -c "…"`) are read word by word below, not as one flag.
  scanWords(
    tokens.map((t) => (/\s/.test(t.trim()) && !t.startsWith('-') ? ' ' : t)),
    tail,
    out,
  );
  tokens.forEach((token, index) => {
    if (/\s/.test(token.trim())) {
      const words = shellWords(token);
      scanWords(
        words.map((w) => w.word),
        (i, value) => {
          const raw = token.slice(words[i].start, words[i].end);
          const at = raw.lastIndexOf(value);
          return at >= 0 ? { index, start: words[i].start + at, end: words[i].start + at + value.length } : { index, start: words[i].start, end: words[i].end };
        },
        out,
      );
    }
    for (const m of findCredentialsInText(token)) out.push({ index, kind: m.kind, start: m.start, end: m.end });
  });
  const byToken = new Map<number, ArgCredential[]>();
  for (const c of out) {
    const list = byToken.get(c.index);
    if (list) list.push(c);
    else byToken.set(c.index, [c]);
  }
  return [...byToken.keys()].sort((a, b) => a - b).flatMap((index) => withoutOverlaps(byToken.get(index) ?? []));
}

// ---------------------------------------------------------------------------------------------
// ConfigMaps

/** A ConfigMap key whose value is a credential: the key and the kind, never the value. */
export interface ConfigMapCredential {
  key: string;
  kind: CredentialKind;
  /** The key is in `binaryData` rather than `data`. */
  binary?: true;
}

// `name = value` / `name: value` lines of properties, INI, .env, YAML and flat JSON files.
const CONFIG_LINE = /^[ \t]*(?:export[ \t]+)?["']?([A-Za-z_][A-Za-z0-9_.-]{0,127})["']?[ \t]*[:=](.*)$/gm;

/** Mode words that credential-named settings take (`credentials: local`, `token: auto`). */
const CONFIG_MODE_WORDS = new Set(['local', 'default', 'auto', 'disabled', 'enabled', 'required', 'optional', 'internal', 'external', 'file', 'env', 'none', 'random', 'generate', 'generated', 'string', 'object', 'boolean', 'integer']);

/** A configuration value that stands for something else or is no credential at all. */
function isConfigReference(value: string, name: string): boolean {
  if (value.length < 4 || /^[|>[{~]/.test(value) || /^(null|nil|none|true|false|\d+)$/i.test(value)) return true; // YAML blocks, lists, maps, scalars
  if (/\s/.test(value)) return true; // prose, not a credential
  if (/[$%]\{|\$\(|^\$|\{\{|%\(|^ENC\(|^secret:|^env:|^file:/i.test(value)) return true; // substitutions, encrypted or external values
  if (/[()[\]{}&`]/.test(value) || /^<+.*>+$/.test(value)) return true; // code (ENV['X'], os.environ[...], corev1.Secret{), <<<FILL-IN>>>
  if (CONFIG_MODE_WORDS.has(value.toLowerCase()) || SAMPLE_URL_PASSWORDS.has(value.toLowerCase().replace(/[-_]/g, ''))) return true;
  // The name of another setting or Secret key (`existingSecretKey: password`, `tlsSecret: myTlsSecret`,
  // `passwordSecretKey: redis-password`), or one word of the setting's own name (`authKey: auth`).
  if (/^[A-Za-z][A-Za-z0-9_.-]*$/.test(value) && (isSecretName(value) || nameWords(name).includes(value.toLowerCase()))) return true;
  if (/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value) && /[-.]/.test(value) && /secret|tls|cert/.test(nameWords(name).join(' '))) return true; // a Secret's name
  return isArgReference(value, name);
}

/**
 * Credentials written into configuration files under a credential name
 * (`spring.datasource.password=…`, `admin_password = …`, `"apiKey": "…"`), with a literal value.
 */
export function findNamedCredentialsInConfig(text: string, max = Infinity): CredentialMatch[] {
  if (!MAY_NAME_CREDENTIAL.test(text)) return [];
  const out: CredentialMatch[] = [];
  for (const m of text.matchAll(CONFIG_LINE)) {
    const name = m[1];
    if (!isSecretName(name)) continue;
    const written = m[2].trim().replace(/[,;]$/, '');
    const value = written.replace(/^(["'])(.*)\1$/, '$2');
    if (isConfigReference(value, name) || isObjectReference(name, value)) continue;
    const start = m.index + m[0].length - m[2].length + m[2].indexOf(written);
    out.push({ kind: 'named-credential', start, end: start + written.length });
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Inspects a ConfigMap's `data` (text) and `binaryData` (base64, decoded as UTF-8) and returns
 * the keys whose value holds a credential recognised by its value. Called while the object is
 * read, so callers can drop the values and keep only this.
 */
export function configMapCredentials(data: unknown, binaryData: unknown): ConfigMapCredential[] {
  const out: ConfigMapCredential[] = [];
  const inspect = (key: string, text: string, binary: boolean): void => {
    const kind = credentialKindOf(text) ?? findNamedCredentialsInConfig(text, 1)[0]?.kind;
    if (kind) out.push({ key, kind, ...(binary ? { binary: true as const } : {}) });
  };
  if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) if (typeof value === 'string') inspect(key, value, false);
  }
  if (binaryData && typeof binaryData === 'object') {
    for (const [key, value] of Object.entries(binaryData)) if (typeof value === 'string') inspect(key, Buffer.from(value, 'base64').toString('utf8'), true);
  }
  return out;
}
