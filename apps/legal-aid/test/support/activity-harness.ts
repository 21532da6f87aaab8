import { NO_READS } from '@fengqiao/audit';
import type { DataSource } from 'typeorm';
import type { LegalAidActivities } from '@fengqiao/contracts';
import { cjkFont } from '@fengqiao/documents';
import { JsonLogger } from '@fengqiao/observability';
import { createServiceDataSource } from '@fengqiao/persistence';
import { createLegalAidActivities } from '../../src/activities/legal-aid.activities';
import { legalAidEntities } from '../../src/database/legal-aid.entities';
import { LegalAidService } from '../../src/file/legal-aid.service';
import { OrgUnitsService } from '../../src/org-units/org-units.service';
import { ProvidersService } from '../../src/providers/providers.service';
import { StandardsService } from '../../src/standards/standards.service';

export interface Harness {
  ds: DataSource;
  activities: LegalAidActivities;
  legalAid: LegalAidService;
  providers: ProvidersService;
  standards: StandardsService;
}

/** The activities and services as a worker runs them, on a data source logged in as the app role. */
export async function activitiesAsApp(appDatabaseUrl: string): Promise<Harness> {
  const ds = await createServiceDataSource({
    url: appDatabaseUrl,
    schema: 'legal_aid',
    entities: legalAidEntities,
    migrations: [],
    poolSize: 10,
  }).initialize();
  const units = new OrgUnitsService(ds);
  const standards = new StandardsService(ds, units);
  const providers = new ProvidersService(ds, units, standards);
  const legalAid = new LegalAidService(ds, units, standards, { issuer: '安定区法律援助中心', font: cjkFont(), audit: NO_READS });
  const logger = new JsonLogger('legal-aid', process.env['TEST_LOG_LEVEL'] ?? 'warn');
  return { ds, providers, standards, legalAid, activities: createLegalAidActivities({ legalAid, providers, logger }) };
}
