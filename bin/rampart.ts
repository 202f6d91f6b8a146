/**
 * The `rampart` CLI. Each command lives in bin/commands/<name>.ts and exports
 * `register(program)`; this file only wires them together.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { RAMPART_VERSION } from '../lib/version';

const program = new Command();
program
  .name('rampart')
  .description('Rampart: Kubernetes security posture against the hardening guide.')
  .version(RAMPART_VERSION, '-V, --version', 'print the version')
  .showHelpAfterError();

const commandModules = ['scan', 'serve', 'worker', 'migrate', 'demo', 'bench', 'rotate-key', 'agent-kubeconfig', 'agent', 'reset-password', 'verify-evidence'];
for (const name of commandModules) {
  const file = new URL(`./commands/${name}.ts`, import.meta.url);
  if (!existsSync(file)) continue;
  const mod = (await import(file.href)) as { register: (p: Command) => void };
  mod.register(program);
}

await program.parseAsync(process.argv);
