// The grader worker's entry: a plain module, so a worker starts the same way under the CLI (tsx),
// under Vitest and in benchmarks. It registers tsx's loader in this thread, then loads the
// TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
