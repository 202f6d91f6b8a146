#!/usr/bin/env -S node --max-semi-space-size=16
// Entry point of the `rampart` CLI: loads the TypeScript sources through tsx.
// V8's young generation is capped (16 MB semi-spaces; V8 sizes it from physical memory
// otherwise): a 50k-object scan then peaks under 400 MB and evaluates faster than with 8 MB
// semi-spaces, which collect more often (docs/BENCHMARKS.md).
// npm scripts and the container image pass the same flag.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('./rampart.ts');
