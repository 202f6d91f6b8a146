#!/usr/bin/env node
// Entry point of the `rampart` CLI: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('./rampart.ts');
