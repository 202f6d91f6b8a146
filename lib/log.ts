/**
 * The operator's log: one JSON line per event on stderr (pino), at the level LOG_LEVEL sets
 * (lib/config.ts; `silent` turns it off). Messages name what happened; structured fields carry
 * ids. Never log a credential value: fields named like credentials are redacted as well.
 * The CLI's own messages to the person at the terminal stay plain text (bin/).
 */
import pino, { type Logger } from 'pino';
import { getConfig } from './config';

let root: Logger | undefined;

function rootLogger(): Logger {
  root ??= pino(
    {
      base: { service: 'rampart' },
      level: getConfig().LOG_LEVEL,
      redact: { paths: ['*.password', '*.token', '*.secret', '*.credentials', '*.authorization', '*.kubeconfig'], censor: '[redacted]' },
    },
    // Through process.stderr (not straight to fd 2) so that whatever captures the process's
    // output, tests included, sees every line.
    process.stderr,
  );
  return root;
}

/** A logger for one part of Rampart: log('jobs').error({ err }, 'pg-boss background error'). */
export function log(component: string): Logger {
  return rootLogger().child({ component });
}

/** For tests that change LOG_LEVEL: the next log() call reads the configuration again. */
export function resetLogForTests(): void {
  root = undefined;
}
