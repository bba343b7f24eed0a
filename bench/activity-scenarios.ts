/**
 * The activities the throughput benchmark sends; capabilities add theirs here (agenda submission, vote).
 */
import type { TestApp } from '../tests/support/test-app.js';
import type { addPerson as AddPerson } from '../tests/support/registry-fixtures.js';

export interface Scenario {
  name: string;
  from: string;
  activity(i: number): Record<string, unknown>;
}

export async function activityScenarios(t: TestApp, addPerson: typeof AddPerson): Promise<Scenario[]> {
  const rep = '22222222-0000-4000-8000-000000000001';
  await addPerson(t.deps.db, { name: 'Bente Benchmark', objectId: rep, roles: [[791, 'repraesentant']] });
  return [{ name: 'menu text', from: rep, activity: () => ({ type: 'message', text: 'menu' }) }];
}
