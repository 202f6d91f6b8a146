/**
 * `rampart verify-evidence FILE`: recomputes the SHA-256 digest of an evidence pack's JSON bundle
 * (GET /api/compliance/evidence) over its canonical serialisation and compares it with the digest
 * the bundle carries. Needs no database or server.
 *
 * Exit codes: 0 the digest matches, 1 it does not (or the file is not a readable bundle).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { verifyEvidence } from '@/lib/compliance/evidence-digest';

export interface VerifyIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export function runVerifyEvidence(file: string, io: VerifyIo): number {
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    io.stderr(`error: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  const result = verifyEvidence(bundle);
  if (!result.ok) {
    io.stderr(`FAILED: ${file}: ${result.reason}\n${result.expected ? `  digest in the bundle: ${result.expected}\n  digest of the content: ${result.actual}\n` : ''}`);
    return 1;
  }
  const b = bundle as { framework?: { name?: string }; generatedAt?: string; scope?: { type?: string } };
  io.stdout(`OK: ${file}: SHA-256 ${result.digest} matches (${b.framework?.name ?? 'evidence pack'}, ${b.scope?.type ?? 'scope unknown'}, generated ${b.generatedAt ?? 'at an unknown time'}).\n`);
  return 0;
}

export function register(program: Command): void {
  program
    .command('verify-evidence')
    .description("Check that an evidence pack's JSON bundle is unchanged: recompute its SHA-256 digest and compare.")
    .argument('<file>', 'the JSON bundle downloaded from the compliance page or GET /api/compliance/evidence')
    .action((file: string) => {
      process.exitCode = runVerifyEvidence(file, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
    });
}
