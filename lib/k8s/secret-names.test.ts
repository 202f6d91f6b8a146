import { describe, expect, it } from 'vitest';
import { isReferenceOrPlaceholder, looksLikeSecretKey, looksLikeSecretName, nameWords } from './secret-names';

describe('secret name heuristics', () => {
  it('splits names into words across separators and camelCase', () => {
    expect(nameWords('stripeApiKey')).toEqual(['stripe', 'api', 'key']);
    expect(nameWords('AWS_SECRET_ACCESS_KEY')).toEqual(['aws', 'secret', 'access', 'key']);
    expect(nameWords('OAuthToken')).toEqual(['o', 'auth', 'token']);
  });

  it.each(['DB_PASSWORD', 'SMTP_PASS', 'GITHUB_TOKEN', 'API_KEY', 'apikey', 'AWS_SECRET_ACCESS_KEY', 'JWT_SECRET', 'SECRET_KEY_BASE', 'privateKey', 'GOOGLE_CREDENTIALS', 'client-secret', 'MYSQL_ROOT_PASSWORD', 'PASSWORD_2', 'PGPASSWORD', 'ADMINPASSWORD', 'NGROK_AUTHTOKEN', 'GITLAB_APITOKEN', 'OAUTH_CLIENTSECRET', 'AZURE_STORAGE_KEY', 'AZURE_STORAGE_ACCOUNT_KEY', 'AZURE_CLIENT_SECRET', 'OCI_CLI_KEY_CONTENT', 'GOOGLE_APPLICATION_CREDENTIALS_JSON', 'GCP_SERVICE_ACCOUNT_KEY', 'WEBHOOK_HMAC_KEY'])(
    '%s looks like a credential',
    (name) => expect(looksLikeSecretName(name)).toBe(true),
  );

  it.each(['DB_PASSWORD_FILE', 'TOKEN_URL', 'SECRET_NAME', 'AWS_ACCESS_KEY_ID', 'PASSWORD_MIN_LENGTH', 'TOKEN_TTL', 'PASS_THROUGH', 'LOG_LEVEL', 'KEYCLOAK_URL', 'TOKEN_ISSUER', 'ETCD_INITIAL_CLUSTER_TOKEN', 'initialClusterToken', 'PASSWORDLESS', 'BYPASSWORD_CHECK', 'DETOKENIZE', 'AZURE_CLIENT_ID', 'AZURE_STORAGE_ACCOUNT', 'OCI_CLI_KEY_FILE', 'PUBLIC_KEY_CONTENT_TYPE'])(
    '%s does not',
    (name) => expect(looksLikeSecretName(name)).toBe(false),
  );

  it('judges ConfigMap keys with file names', () => {
    expect(looksLikeSecretKey('credentials.json')).toBe(true);
    expect(looksLikeSecretKey('tls.key')).toBe(true);
    expect(looksLikeSecretKey('id_rsa')).toBe(true);
    expect(looksLikeSecretKey('.htpasswd')).toBe(true);
    expect(looksLikeSecretKey('public.key')).toBe(false);
    expect(looksLikeSecretKey('ca.crt')).toBe(false);
    expect(looksLikeSecretKey('password-policy.json')).toBe(false);
    expect(looksLikeSecretKey('nginx.conf')).toBe(false);
    // PEM private keys by the usual naming (cfssl <name>-key.pem, Let's Encrypt privkey.pem).
    expect(looksLikeSecretKey('server-key.pem')).toBe(true);
    expect(looksLikeSecretKey('private-key.pem')).toBe(true);
    expect(looksLikeSecretKey('privkey.pem')).toBe(true);
    expect(looksLikeSecretKey('server.pem')).toBe(false);
    expect(looksLikeSecretKey('public-key.pem')).toBe(false);
    // Keystores hold private keys; truststores and CA bundles hold certificates only.
    expect(looksLikeSecretKey('server.keystore.jks')).toBe(true);
    expect(looksLikeSecretKey('tls.p12')).toBe(true);
    expect(looksLikeSecretKey('kafka.truststore.jks')).toBe(false);
    expect(looksLikeSecretKey('bundle.jks')).toBe(false);
    expect(looksLikeSecretKey('ca-bundle.p12')).toBe(false);
    expect(looksLikeSecretKey('cacerts.jks')).toBe(false);
  });

  it('recognises references and placeholders but not real-looking values', () => {
    for (const v of ['', '  ', '$(OTHER)', '${VAR}', '{{ .Values.pw }}', '<password>', 'xxxxxx', '****', 'true', '/run/secrets/pw', 'vault:secret/data/x#y', 'arn:aws:secretsmanager:eu-west-1:1:secret:x', 'projects/p/secrets/s/versions/1']) {
      expect(isReferenceOrPlaceholder(v)).toBe(true);
    }
    for (const v of ['hunter2', 'changeme', 'S3cr3t!', '12345678', 'ghp_abcdefghijklmnop']) expect(isReferenceOrPlaceholder(v)).toBe(false);
  });

  it('recognises fill-in markers: the variable name repeated as its value, INSERT_ / REPLACE_ / YOUR_ / ENTER_ prefixes, a _HERE suffix', () => {
    expect(isReferenceOrPlaceholder('HF_TOKEN', 'HF_TOKEN')).toBe(true);
    expect(isReferenceOrPlaceholder('db-password', 'DB_PASSWORD')).toBe(true);
    for (const v of ['INSERT_ETCD_INITIAL_CLUSTER_TOKEN', 'REPLACE_ME', 'replace-with-your-key', 'YOUR_API_KEY', 'your-token', 'ENTER_PASSWORD_HERE', 'api_key_here']) {
      expect(isReferenceOrPlaceholder(v, 'SOME_TOKEN'), v).toBe(true);
    }
    // A value that only resembles a marker, or names a different variable, is still a value.
    for (const v of ['insertion-7Qx2', 'yourself', 'HF_TOKEN_2', 'changeme', 'here']) expect(isReferenceOrPlaceholder(v, 'HF_TOKEN'), v).toBe(false);
  });
});
