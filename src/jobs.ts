/**
 * Every kind of background job Gongjin runs: the platform's mail plus each installed module's (its
 * manifest's `jobs`). The job runner (`gongjin serve` and `gongjin worker`) takes this list. Adding a
 * job is its `defineJob` in its module and one entry in that module's manifest.
 */
import './modules/index.ts';
import type { AnyJobDefinition } from './platform/jobs.ts';
import { mailSendJob } from './platform/mail.ts';
import { installedModules } from './platform/module.ts';

export function jobDefinitions(): readonly AnyJobDefinition[] {
  return [mailSendJob, ...installedModules().flatMap((m) => m.jobs ?? [])];
}
