/**
 * The `rampart` CLI with only the migrate command registered, so migrate.test.ts exercises
 * a real process without depending on every other command module loading.
 */
import { Command } from 'commander';
import { register } from '../migrate';

const program = new Command().name('rampart');
register(program);
await program.parseAsync(process.argv);
