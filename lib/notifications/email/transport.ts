/**
 * SMTP through nodemailer (server-only), configured from the environment only (lib/config.ts
 * RAMPART_SMTP_*): host, port, security (STARTTLS required by default, implicit TLS, or none for a
 * local relay), optional login, sender. The password never leaves this module: it is not stored,
 * logged or put in an error message (errors name the SMTP response code or the network error).
 * Only the worker sends (lib/jobs/email.ts); web requests never do.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { getConfig, type Config } from '../../config';
import { smtpSettings } from './smtp-settings';

export { emailEnabled, smtpSettings, type SmtpSettings } from './smtp-settings';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

let cached: { key: string; transport: Transporter } | undefined;

function transport(config: Config): Transporter {
  const s = smtpSettings(config);
  if (!s) throw new Error('E-mail is not configured (RAMPART_SMTP_HOST is unset).');
  const key = JSON.stringify(s);
  if (cached?.key === key) return cached.transport;
  cached?.transport.close();
  const t = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    ...(s.user ? { auth: { user: s.user, pass: config.RAMPART_SMTP_PASSWORD ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    logger: false,
    debug: false,
  });
  cached = { key, transport: t };
  return t;
}

/** A failure described without anything the caller did not already know (no password, no server banner). */
export function describeSmtpError(err: unknown): string {
  const e = err as { code?: string; responseCode?: number; command?: string };
  if (e?.code === 'EAUTH') return `SMTP login failed${e.responseCode ? ` (${e.responseCode})` : ''}: check RAMPART_SMTP_USER and RAMPART_SMTP_PASSWORD.`;
  if (e?.responseCode) return `SMTP server answered ${e.responseCode}${e.command ? ` to ${e.command}` : ''}.`;
  if (e?.code) return `SMTP error (${e.code}).`;
  return 'SMTP error: the message could not be sent.';
}

export class EmailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailError';
  }
}

/** Sends one message; throws EmailError with a safe description on failure. */
export async function sendEmail(message: EmailMessage, config: Config = getConfig()): Promise<{ messageId: string }> {
  const s = smtpSettings(config);
  if (!s) throw new EmailError('E-mail is not configured (RAMPART_SMTP_HOST is unset).');
  try {
    const info = await transport(config).sendMail({ from: s.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    return { messageId: String(info.messageId ?? '') };
  } catch (err) {
    throw new EmailError(describeSmtpError(err));
  }
}

/** Closes the pooled connection (tests, shutdown). */
export function closeEmailTransport(): void {
  cached?.transport.close();
  cached = undefined;
}
