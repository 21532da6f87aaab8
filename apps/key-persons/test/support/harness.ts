import type { DataSource } from 'typeorm';
import type { Caller, KeyPersonActivities, KeyPersonPurgeActivities, KeyPersonSupervisionInput } from '@fengqiao/contracts';
import { createServiceDataSource } from '@fengqiao/persistence';
import { DEV_BLIND_INDEX_KEY, piiCipherFromEnv } from '@fengqiao/pii';
import { createKeyPersonActivities } from '../../src/activities/key-persons.activities';
import { keyPersonsEntities } from '../../src/database/key-persons.entities';
import { OrgUnitsService } from '../../src/org-units/org-units.service';
import { KeyPersonsService } from '../../src/register/key-persons.service';

export interface Harness {
  ds: DataSource;
  service: KeyPersonsService;
  activities: KeyPersonActivities & KeyPersonPurgeActivities;
  started: KeyPersonSupervisionInput[];
  signals: Array<{ personId: string; signal: string; arg: unknown }>;
}

/** The service and activities in-process, on a data source logged in as the app role, with the runs recorded. */
export async function harnessAsApp(appDatabaseUrl: string): Promise<Harness> {
  const ds = await createServiceDataSource({
    url: appDatabaseUrl,
    schema: 'key_persons',
    entities: keyPersonsEntities,
    migrations: [],
    poolSize: 5,
  }).initialize();
  const started: Harness['started'] = [];
  const signals: Harness['signals'] = [];
  const service = new KeyPersonsService({
    ds,
    units: new OrgUnitsService(ds),
    cipher: piiCipherFromEnv(undefined),
    blindIndexKey: Buffer.from(DEV_BLIND_INDEX_KEY, 'base64'),
    supervision: {
      start: async (input) => void started.push(input),
      signal: async (personId, signal, arg) => void signals.push({ personId, signal, arg }),
    },
    retentionDays: 1095,
  });
  return { ds, service, activities: createKeyPersonActivities({ ds, retentionDays: 1095 }), started, signals };
}

export const caller = (username: string, roles: string[], orgUnit: string | null): Caller => ({
  userId: `id-${username}`,
  username,
  roles,
  orgUnit,
  department: null,
});
