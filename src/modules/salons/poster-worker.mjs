// The poster worker's entry: a plain module, so the worker starts the same way under the CLI (tsx),
// under Vitest and in benchmarks (as the grader's worker does). It registers tsx's loader in this
// thread, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./poster-worker.ts');
