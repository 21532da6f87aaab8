import { NO_READS } from '@fengqiao/audit';
import type { DataSource } from 'typeorm';
import type { PetitionActivities } from '@fengqiao/contracts';
import { cjkFont } from '@fengqiao/documents';
import { JsonLogger } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { createPetitionActivities } from '../../src/activities/petitions.activities';
import { petitionsEntities } from '../../src/database/petitions.entities';
import { PetitionsService } from '../../src/file/petitions.service';
import { OrgUnitsService } from '../../src/org-units/org-units.service';

/** The activities as a worker runs them, on a data source logged in as the app role. */
export async function activitiesAsApp(appDatabaseUrl: string): Promise<{ ds: DataSource; activities: PetitionActivities }> {
  const ds = await createServiceDataSource({
    url: appDatabaseUrl,
    schema: 'petitions',
    entities: petitionsEntities,
    migrations: [],
    poolSize: 10,
  }).initialize();
  const petitions = new PetitionsService(ds, new OrgUnitsService(ds), { issuer: '安定区信访局', font: cjkFont(), audit: NO_READS });
  return { ds, activities: createPetitionActivities({ petitions, logger: new JsonLogger('petitions', process.env['TEST_LOG_LEVEL'] ?? 'warn') }) };
}
