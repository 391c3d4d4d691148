// Vitest globalSetup: one migrated template database per project and run (see src/db/testing.ts).
import type { TestProject } from 'vitest/node';
import { prepareTemplate, type TestDbKind } from '../../src/db/testing.ts';

export default async function setup(project: TestProject) {
  const kind = project.name as TestDbKind;
  return prepareTemplate(kind, `${process.env.GONGJIN_TEST_RUN}_${kind}`);
}
