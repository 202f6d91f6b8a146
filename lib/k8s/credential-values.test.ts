import { describe, expect, it } from 'vitest';
import { configMapCredentials, credentialKindOf, findCredentialsInArgs, findCredentialsInText, findNamedCredentialsInConfig } from './credential-values';

// Test tokens are assembled from parts so the source holds no complete token-shaped literal.
const alnum = (n: number, seed = 7) => Array.from({ length: n }, (_, i) => 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z'[(i * seed) % 31]).join('');
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT_TOKEN = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'svc' })}.${alnum(43)}`;
const GITHUB = 'gh' + 'p_' + alnum(36);
const PEM_BODY = Array.from({ length: 4 }, (_, i) => alnum(64, i + 3)).join('\n');
const PEM_KEY = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n-----END RSA PRIVATE KEY-----\n`;
const PKCS8_KEY = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`;
const OPENSSH_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}\n-----END OPENSSH PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END CERTIFICATE-----\n`;

describe('credentials recognised by value', () => {
  it.each([
    ['private-key', PEM_KEY],
    ['private-key', PKCS8_KEY],
    ['private-key', OPENSSH_KEY],
    ['private-key', `-----BEGIN EC PRIVATE KEY-----\n${PEM_BODY}\n-----END EC PRIVATE KEY-----`],
    ['private-key', `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${PEM_BODY}\n-----END ENCRYPTED PRIVATE KEY-----`],
    // A service-account key file: the PEM sits inside a JSON string with escaped newlines.
    ['private-key', JSON.stringify({ type: 'service_account', private_key: PKCS8_KEY })],
    // The same key stored base64-encoded.
    ['private-key', Buffer.from(PEM_KEY).toString('base64')],
    // A value cut before its END line still holds the key material.
    ['private-key', `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\n`],
    ['aws-access-key', 'AKIA' + 'IOSFODNN7EXAMPLE'],
    ['aws-access-key', 'ASIA' + 'Q3EGUVWXYZ012345'],
    ['github-token', GITHUB],
    ['github-token', 'gh' + 's_' + alnum(36, 5)],
    ['github-token', 'gh' + 'o_' + alnum(36, 11)],
    ['github-token', 'gh' + 'u_' + alnum(36, 13)],
    ['github-token', 'gh' + 'r_' + alnum(36, 17)],
    ['github-token', 'github' + '_pat_' + alnum(22) + '_' + alnum(59, 3)],
    ['gitlab-token', 'gl' + 'pat-' + alnum(20)],
    ['slack-token', 'xo' + 'xb-1234567890-1234567890123-' + alnum(24)],
    ['slack-token', 'xo' + 'xp-1234567890-1234567890123-' + alnum(24)],
    ['slack-token', 'xa' + 'pp-1-A0123456789-1234567890123-' + alnum(40)],
    ['slack-webhook', 'https://hooks.slack.com/services/' + 'T0000AAAA/B0000BBBB/' + alnum(24)],
    ['stripe-key', 'sk' + '_live_' + alnum(24)],
    ['stripe-key', 'rk' + '_live_' + alnum(24)],
    ['stripe-key', 'sk' + '_test_' + alnum(24)],
    ['jwt', JWT_TOKEN],
    ['bearer-token', `Bearer ${alnum(32)}`],
    ['url-password', 'postgres://app:' + 'S3cr3tPass' + '@db.prod.svc:5432/app'],
    ['url-password', 'redis://:' + 'a9f3k2j1' + '@redis:6379/0'],
    ['url-password', 'amqp://guest:' + 'guest' + '@rabbitmq:5672/'],
    ['url-password', 'https://deploy:' + 'x%40y' + '@git.example.com/repo.git'],
    ['connection-string', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=' + alnum(86) + '==;EndpointSuffix=core.windows.net'],
    ['connection-string', 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=' + alnum(43) + '='],
    ['connection-string', 'Server=db;Database=shop;User Id=shop;Password=' + 'Qx81-kLm' + ';'],
  ])('%s: recognised', (kind, value) => {
    expect(credentialKindOf(value)).toBe(kind);
  });

  it('finds a credential inside a larger text and gives only its position', () => {
    const text = `[database]\nurl = "mysql://root:hunter22@mysql:3306/shop"\n[api]\ntoken = "${GITHUB}"\n`;
    const found = findCredentialsInText(text);
    expect(found.map((f) => f.kind)).toEqual(['url-password', 'github-token']);
    expect(text.slice(found[1].start, found[1].end)).toBe(GITHUB);
    expect(Object.keys(found[0]).sort()).toEqual(['end', 'kind', 'start']);
  });

  it.each([
    ['a certificate', CERT],
    ['a base64-encoded certificate', Buffer.from(CERT).toString('base64')],
    ['a public key', `-----BEGIN PUBLIC KEY-----\n${PEM_BODY}\n-----END PUBLIC KEY-----`],
    ['a PEM stub in documentation', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----'],
    ['a BEGIN line in a comment, without a key after it', `## paste the key here, starting with -----BEGIN RSA PRIVATE KEY-----\n##\n## the secret name must match\n${'tlsSecretName: ingress-tls-certificate-for-example\n'.repeat(4)}`],
    ['a BEGIN marker as a string in code, followed by other text', `prefix := "-----BEGIN RSA PRIVATE KEY-----",\n\tBearer: "${'abc'.repeat(30)}"`],
    ['an image digest', 'registry.example.com/app@sha256:' + 'a'.repeat(20) + 'b'.repeat(44)],
    ['a sha256 hex digest', 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['an image reference', 'ghcr.io/org/app:v1.2.3'],
    ['an ordinary URL', 'https://api.example.com/v1/items?page=2'],
    ['a URL with a user but no password', 'ssh://git@github.com/org/repo.git'],
    ['a URL with a port', 'http://proxy.internal:3128/'],
    ['a placeholder password ${PASS}', 'postgres://app:${DB_PASSWORD}@db:5432/app'],
    ['a placeholder password $(PASS)', 'postgres://app:$(DB_PASSWORD)@db:5432/app'],
    ['a placeholder password <password>', 'postgres://app:<password>@db:5432/app'],
    ['a sample password', 'postgres://user:password@localhost:5432/db'],
    ['changeme', 'mongodb://admin:changeme@mongo:27017'],
    ['a masked password', 'postgres://app:****@db:5432/app'],
    ['a template password', 'postgres://app:{{ .Values.pw }}@db/app'],
    ['a filler AWS id', 'AKIA' + 'XXXXXXXXXXXXXXXX'],
    ['a filler GitHub token', 'gh' + 'p_' + 'x'.repeat(36)],
    ['a Stripe publishable key', 'pk' + '_live_' + alnum(24)],
    ['Bearer with a variable', 'Authorization: Bearer $TOKEN'],
    ['Bearer in prose', 'Use a Bearer token obtained from the identity provider'],
    ['a JWT-like string whose header is not JSON', 'eyJhbGciOiJIUzI1NiJ9garbage.eyJzdWIiOiIxIn0.' + alnum(43)],
    ['a dotted version', '1.2.3'],
    ['a Slack token fill-in', 'HUBOT_SLACK_TOKEN: xo' + 'xb-somenumbers-someletters'],
    ['a Slack webhook sample', 'https://hooks.slack.com/services/' + 'EXAMPLE123/EXAMPLE123/example1234567'],
    ['a sample git URL with user:token', 'gitUrl: https://user:token@github.com/org/repo'],
    ['a connection string with a reference', 'Server=db;Database=shop;User Id=shop;Password=${DB_PASSWORD};'],
    ['a connection string without a password', 'Server=db;Database=shop;Integrated Security=true;'],
    ['a password= line outside a connection string', 'password=Qx81-kLm'],
    ['a bootstrap-token signature in cluster-info (detached JWS, no payload)', 'eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..' + alnum(43)],
    ['a random hex string', '5f4dcc3b5aa765d61d8327deb882cf99'],
    ['an AWS key id inside a longer word', 'XAKIA' + 'IOSFODNN7EXAMPLEX'],
  ])('%s: not a credential', (_label, value) => {
    expect(findCredentialsInText(value)).toEqual([]);
  });
});

describe('credentials in command lines', () => {
  const kinds = (tokens: string[]) => findCredentialsInArgs(tokens).map((c) => [c.index, c.kind, c.name]);

  it('finds --flag=value and --flag value by the flag name, pointing at the value', () => {
    expect(kinds(['app', '--db-password=hunter22', '--port=8080'])).toEqual([[1, 'named-credential', '--db-password']]);
    expect(kinds(['app', '--token', 'abc123def456', '-v'])).toEqual([[2, 'named-credential', '--token']]);
    expect(kinds(['--api-key=k-7781', '--client-secret', 's3cr3t'])).toEqual([
      [0, 'named-credential', '--api-key'],
      [2, 'named-credential', '--client-secret'],
    ]);
    const [hit] = findCredentialsInArgs(['--password=hunter22']);
    expect('--password=hunter22'.slice(hit.start, hit.end)).toBe('hunter22');
  });

  it.each(['AZURE_STORAGE_KEY=Qx81kLm2', '--ssh-passphrase=Qx81kLm2', '--id-rsa=Qx81kLm2', 'OCI_CLI_KEY_CONTENT=Qx81kLm2', '--git-credentials=Qx81kLm2', 'NGROK_AUTHTOKEN=Qx81kLm2', '--htpasswd=Qx81kLm2', '--Signing-Key=Qx81kLm2'])(
    'finds %s (every credential name passes the quick pre-test)',
    (token) => expect(findCredentialsInArgs(['app', token]).map((c) => [c.index, c.kind])).toEqual([[1, 'named-credential']]),
  );

  it('finds NAME=value assignments of credential variables', () => {
    expect(kinds(['env', 'PGPASSWORD=hunter22', 'psql', '-h', 'db'])).toEqual([[1, 'named-credential', 'PGPASSWORD']]);
    expect(kinds(['env', 'LOG_LEVEL=debug', 'app'])).toEqual([]);
  });

  it('reads shell scripts word by word and locates the value in the script', () => {
    const script = 'until pg_isready; do sleep 1; done && psql "postgresql://app:Zq81xk@db/app" -c "select 1" && mysql -u root -pRootPw9 shop';
    const found = findCredentialsInArgs(['sh', '-c', script]);
    expect(found.map((f) => [f.index, f.kind])).toEqual([
      [2, 'url-password'],
      [2, 'named-credential'],
    ]);
    expect(script.slice(found[1].start, found[1].end)).toBe('RootPw9');
    const s2 = 'exec app --password "p@ss w0rd" --token=$TOKEN';
    const f2 = findCredentialsInArgs(['/bin/sh', '-c', s2]);
    expect(f2.map((f) => [f.index, f.name])).toEqual([[2, '--password']]);
    expect(s2.slice(f2[0].start, f2[0].end)).toBe('p@ss w0rd');
    expect(kinds(['sh', '-c', 'export DB_PASSWORD=Vx81kq && exec app'])).toEqual([[2, 'named-credential', 'DB_PASSWORD']]);
    expect(kinds(['redis-cli', '-h', 'redis', '-a', 'r3disPw', 'ping'])).toEqual([[4, 'named-credential', '-a']]);
  });

  it('finds shaped credentials in any token', () => {
    expect(kinds(['curl', '-H', `Authorization: Bearer ${alnum(40)}`, 'https://api'])).toEqual([[2, 'bearer-token', undefined]]);
    expect(kinds(['app', `--github=${GITHUB}`])).toEqual([[1, 'github-token', undefined]]);
  });

  it('ignores references, files, secret names and ordinary flags', () => {
    for (const tokens of [
      ['app', '--password=$(DB_PASSWORD)'],
      ['app', '--password', '$DB_PASSWORD'],
      ['app', '--password-file=/run/secrets/db'],
      ['app', '--token-file', '/var/run/secrets/token'],
      ['app', '--password', '/run/secrets/pw'],
      ['app', '--tls-secret=ingress/wildcard-tls'],
      ['app', '--credentials', 'cloud-creds'],
      ['app', '--password='],
      ['app', '--password=<password>'],
      ['app', '--token=${TOKEN}'],
      ['sh', '-c', 'psql "postgresql://app:$(cat /run/secrets/pw)@db/app"'],
      ['sh', '-c', 'mysql -u root -p"$MYSQL_ROOT_PASSWORD" -e "select 1"'],
      ['sh', '-c', 'export PASSWORD="$(cat /run/secrets/pw)"; exec app'],
      ['app', '--port=8080', '--secure-port', '6443', '--token-ttl=1h', '--password-min-length', '12'],
      ['kube-apiserver', '--service-account-key-file=/etc/kubernetes/pki/sa.pub', '--token-auth-file=/etc/tokens.csv'],
      ['app', '-p', '8080'],
      ['app', '--use-token', '--verbose'],
    ]) {
      expect(findCredentialsInArgs(tokens), tokens.join(' ')).toEqual([]);
    }
  });
});

describe('credentials named in configuration files (ConfigMap values)', () => {
  it('finds literal values of credential settings in properties, INI, .env, YAML and JSON, locating the value', () => {
    const text = 'spring.datasource.url=jdbc:postgresql://db:5432/shop\nspring.datasource.password=Sh0p-Db-91\n[smtp]\nsmtp_password = Mx7-relay\nexport API_TOKEN="T0k-81xq"\nadmin:\n  adminPassword: prom-operator\n{\n  "apiKey": "k-81Zq7x",\n  "region": "eu"\n}\n';
    const found = findNamedCredentialsInConfig(text);
    expect(found.map((f) => text.slice(f.start, f.end))).toEqual(['Sh0p-Db-91', 'Mx7-relay', '"T0k-81xq"', 'prom-operator', '"k-81Zq7x"']);
    expect(configMapCredentials({ 'application.properties': text, LOG_LEVEL: 'info' }, undefined)).toEqual([{ key: 'application.properties', kind: 'named-credential' }]);
  });

  it('ignores references, names of Secrets and keys, files, code, placeholders and type descriptions', () => {
    const text = [
      'password: ${DB_PASSWORD}',
      'password: "{{ .Values.password }}"',
      'existingSecretKey: password',
      'passwordSecretKey: redis-password',
      'tlsSecret: shop.local-tls',
      'clientSecretKey: clientSecret',
      'passwordFile: /run/secrets/db',
      "root_pass = ENV['GITLAB_ROOT_PASSWORD']",
      'secret: corev1.Secret{',
      'pass: <<<ADMINPW>>>',
      'password: ""',
      'password:',
      'password: |',
      'credentials: local',
      'bearerToken: string',
      'token: bar',
      'password: password',
      'authKey: auth',
      'passwordMinLength: 12',
      'password_policy = strict enough for everyone',
      'password="$ZOOKEEPER_CLIENT_PASSWORD";',
    ].join('\n');
    expect(findNamedCredentialsInConfig(text).map((f) => text.slice(f.start, f.end))).toEqual([]);
  });
});

