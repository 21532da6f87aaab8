import type { DataSource } from 'typeorm';
import type { MediationActivities } from '@fengqiao/contracts';
import { JsonLogger } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { createMediationActivities } from '../../src/activities/mediation.activities';
import { CaseworkService } from '../../src/casework/casework.service';
import { mediationEntities } from '../../src/database/mediation.entities';
import { MediatorsService } from '../../src/mediators/mediators.service';
import { OrgUnitsService } from '../../src/org-units/org-units.service';

/** The activities as a worker runs them, on a data source logged in as the app role. */
export async function activitiesAsApp(appDatabaseUrl: string, servedOrgUnits: string[]): Promise<{ ds: DataSource; activities: MediationActivities }> {
  const ds = await createServiceDataSource({
    url: appDatabaseUrl,
    schema: 'mediation',
    entities: mediationEntities,
    migrations: [],
    poolSize: 20,
  }).initialize();
  const units = new OrgUnitsService(ds);
  const activities = createMediationActivities({
    mediators: new MediatorsService(ds, units),
    casework: new CaseworkService(ds, units, servedOrgUnits.join(',')),
    logger: new JsonLogger('mediation', process.env['TEST_LOG_LEVEL'] ?? 'warn'),
  });
  return { ds, activities };
}
