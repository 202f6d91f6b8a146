/**
 * Name heuristics shared by the secrets checks and the credential detector
 * (lib/k8s/credential-values.ts): does an environment variable, flag or ConfigMap key
 * name look like it holds a credential, and is a literal value an obvious reference or
 * placeholder rather than the credential itself. Values are only inspected, never returned.
 */

/** Words that name a credential on their own. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'privatekey',
  'accesskey',
  'secretkey',
  'htpasswd',
  'pgpass',
  'netrc',
]);

/** Two-word names of credentials (`API_KEY`, `privateKey`, `AWS_SECRET_ACCESS_KEY`). */
const SECRET_BIGRAMS = new Set([
  'api key',
  'private key',
  'access key',
  'secret key',
  'signing key',
  'encryption key',
  'master key',
  'auth key',
  'client secret',
  // Provider names: Azure storage account keys, HMAC keys, Oracle Cloud's key content variable.
  'storage key',
  'account key',
  'shared key',
  'hmac key',
  'key content',
  'id rsa',
  'id ecdsa',
  'id ed25519',
  'id dsa',
]);

/**
 * Credential names written as one word (`PGPASSWORD`, libpq's password variable; `NGROK_AUTHTOKEN`):
 * a last word ending in password / passwd, or one of these compounds.
 */
const RUN_TOGETHER_SUFFIX = /^[a-z0-9]+(password|passwd)$/;
const RUN_TOGETHER_WORDS = new Set(['authtoken', 'accesstoken', 'apitoken', 'bearertoken', 'clientsecret']);

/** "pass" only counts as the last word (SMTP_PASS), not in PASS_THROUGH. */
const LAST_WORD_ONLY = new Set(['pass']);

/**
 * Trailing words that qualify the credential itself (SECRET_KEY_BASE, PASSWORD_B64, TOKEN_2,
 * GOOGLE_APPLICATION_CREDENTIALS_JSON: the key file's content rather than its path).
 */
const QUALIFIERS = new Set(['base', 'value', 'b64', 'base64', 'plain', 'plaintext', 'raw', 'string', 'str', 'data', 'json']);

/** File extensions stripped from ConfigMap keys before the name is judged. */
const FILE_EXTENSIONS = new Set(['json', 'yaml', 'yml', 'txt', 'conf', 'cfg', 'ini', 'env', 'properties', 'toml', 'xml']);
/** Extensions that denote private key material whatever the file is called. */
const PRIVATE_KEY_EXTENSIONS = new Set(['key', 'p12', 'pfx', 'jks', 'keystore', 'ppk']);
/** Key-store formats that are just as often truststores (CA certificates only, e.g. trust-manager's JKS / PKCS#12 bundles). */
const STORE_EXTENSIONS = new Set(['p12', 'pfx', 'jks', 'keystore']);
/** Words that mark a store or PEM file as certificates only. */
const CERTIFICATES_ONLY_WORDS = new Set(['truststore', 'trust', 'cacerts', 'bundle', 'ca', 'public', 'pub']);
/** Extensions of PEM / DER files, which hold a private key when named so (`server-key.pem`, `privkey.pem`). */
const PEM_EXTENSIONS = new Set(['pem', 'der']);

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * Names that end in a credential word but hold none: etcd's initial cluster token only keeps
 * clusters apart during bootstrap (member and cluster ids are derived from it) and grants no access.
 */
const NOT_CREDENTIALS: ReadonlyArray<readonly string[]> = [['initial', 'cluster', 'token']];

function endsWith(words: string[], tail: readonly string[]): boolean {
  return words.length >= tail.length && tail.every((w, i) => words[words.length - tail.length + i] === w);
}

function wordsLookSecret(words: string[]): boolean {
  const trimmed = [...words];
  while (trimmed.length > 1 && (QUALIFIERS.has(trimmed[trimmed.length - 1]) || /^\d+$/.test(trimmed[trimmed.length - 1]))) trimmed.pop();
  const last = trimmed[trimmed.length - 1];
  if (last === undefined) return false;
  if (NOT_CREDENTIALS.some((tail) => endsWith(trimmed, tail))) return false;
  if (SECRET_WORDS.has(last) || LAST_WORD_ONLY.has(last)) return true;
  if (RUN_TOGETHER_SUFFIX.test(last) || RUN_TOGETHER_WORDS.has(last)) return true;
  if (trimmed.length >= 2 && SECRET_BIGRAMS.has(`${trimmed[trimmed.length - 2]} ${last}`)) return true;
  return false;
}

/**
 * An environment variable name that names a credential: the credential word must end the
 * name (DB_PASSWORD, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY), so PASSWORD_FILE, TOKEN_URL,
 * SECRET_NAME or AWS_ACCESS_KEY_ID, which point at or identify a credential, do not match.
 */
export function looksLikeSecretName(name: string): boolean {
  return wordsLookSecret(nameWords(name));
}

/** A ConfigMap key that looks like a credential (`db-password`, `credentials.json`, `tls.key`, `id_rsa`). */
export function looksLikeSecretKey(key: string): boolean {
  const words = nameWords(key);
  const ext = key.includes('.') ? words[words.length - 1] : undefined;
  if (ext !== undefined && PRIVATE_KEY_EXTENSIONS.has(ext) && !words.includes('public') && !words.includes('pub')) {
    const certificatesOnly = STORE_EXTENSIONS.has(ext) && !words.includes('keystore') && words.some((w) => CERTIFICATES_ONLY_WORDS.has(w));
    if (!certificatesOnly) return true;
  }
  if (ext !== undefined && PEM_EXTENSIONS.has(ext)) {
    const base = words.slice(0, -1);
    if (base.some((w) => CERTIFICATES_ONLY_WORDS.has(w) && w !== 'ca')) return false;
    if (base.includes('privkey') || base[base.length - 1] === 'key') return true;
    return wordsLookSecret(base);
  }
  const base = ext !== undefined && FILE_EXTENSIONS.has(ext) ? words.slice(0, -1) : words;
  return wordsLookSecret(base);
}

const REFERENCE_PATTERNS: RegExp[] = [
  /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/, // Kubernetes dependent variable $(OTHER_VAR)
  /^\$\{[^}]*\}$/, // ${VAR}
  /^\{\{.*\}\}$/s, // template
  /^<[^>]*>$/, // <your-password>
  /^%[^%]+%$/,
  /^(vault|ref\+[a-z0-9]+|sm|gcpsm|awssm|akv|azkv|op|doppler):/i, // secret-manager references resolved by an injector
  /^arn:aws[a-z-]*:(secretsmanager|ssm):/i,
  /^projects\/[^/]+\/secrets\//,
  /^\/[^\s]*$/, // an absolute file path
];

/**
 * Fill-in instructions that sample manifests leave in a credential slot: INSERT_CLUSTER_TOKEN,
 * REPLACE_ME, YOUR_API_KEY, enter-password, token_here. The prefix must stand as a word of its own
 * (`insertion-…` or `yourself` are values). Working defaults such as `changeme` are not markers.
 */
const FILL_IN_PATTERNS: RegExp[] = [/^(insert|replace|enter|your)([-_][a-z0-9]+)+$/i, /^[a-z0-9_-]*[a-z0-9][-_]here$/i];

/**
 * True when a literal value is empty, a reference to something else, or a placeholder, not a
 * credential. With the variable's `name`, a value that only repeats that name (HF_TOKEN=HF_TOKEN,
 * registryPassword=registry-password) is a placeholder too.
 */
export function isReferenceOrPlaceholder(value: string, name?: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^(.)\1*$/.test(v)) return true; // xxxx, ****
  if (/^(true|false|yes|no|on|off|none|null|nil)$/i.test(v)) return true;
  if (FILL_IN_PATTERNS.some((re) => re.test(v))) return true;
  if (name !== undefined && /^[A-Za-z0-9_.-]+$/.test(v) && nameWords(v).join(' ') === nameWords(name).join(' ')) return true;
  return REFERENCE_PATTERNS.some((re) => re.test(v));
}
