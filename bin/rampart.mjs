#!/usr/bin/env -S node --max-semi-space-size=8
// Entry point of the `rampart` CLI: loads the TypeScript sources through tsx.
// V8's young generation is capped (8 MB semi-spaces; V8 sizes it from physical memory
// otherwise): a 50k-object scan then peaks under 500 MB instead of ~600 MB (docs/BENCHMARKS.md).
// npm scripts and the container image pass the same flag.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('./rampart.ts');
