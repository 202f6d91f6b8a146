/**
 * A real SMTP server on loopback for tests (smtp-server), keeping every message it accepts,
 * parsed with mailparser. Optionally requires a login (PLAIN / LOGIN over the plain connection,
 * allowed on loopback only) and optionally writes each message to a directory as <n>.eml so that
 * another process (a Playwright spec) can read it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  messages: Array<{ envelopeTo: string[]; raw: string; mail: ParsedMail }>;
  /** Login attempts: the user names and whether the password matched (the password itself is not kept). */
  logins: Array<{ user: string; ok: boolean }>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Require this login. */
  auth?: { user: string; password: string };
  /** Also write each message to <dir>/<n>.eml. */
  dir?: string;
  /** Offer STARTTLS (default false: a plain-text server). */
  starttls?: boolean;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SmtpSink['messages'] = [];
  const logins: SmtpSink['logins'] = [];
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = Boolean(options.auth && auth.username === options.auth.user && auth.password === options.auth.password);
      logins.push({ user: auth.username ?? '', ok });
      if (!ok) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (mail) => {
            messages.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, mail });
            if (options.dir) writeFileSync(path.join(options.dir, `${String(messages.length).padStart(4, '0')}.eml`), raw);
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
