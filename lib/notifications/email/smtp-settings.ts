/** The SMTP settings in effect (lib/config.ts RAMPART_SMTP_*), without the password: safe to show and log. */
import { getConfig, type Config } from '../../config';

export interface SmtpSettings {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  user: string | null;
  from: string;
}

/** What is configured, without the password (safe to show and log); null when e-mail is off. */
export function smtpSettings(config: Config = getConfig()): SmtpSettings | null {
  if (!config.RAMPART_SMTP_HOST) return null;
  const security = config.RAMPART_SMTP_SECURITY;
  return { host: config.RAMPART_SMTP_HOST, port: config.RAMPART_SMTP_PORT ?? (security === 'tls' ? 465 : 587), security, user: config.RAMPART_SMTP_USER ?? null, from: config.RAMPART_SMTP_FROM };
}

export function emailEnabled(config: Config = getConfig()): boolean {
  return smtpSettings(config) !== null;
}

