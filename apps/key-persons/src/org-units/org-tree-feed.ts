import type { DataSource } from 'typeorm';
import type { OrgUnitUpsertedData } from '@fengqiao/contracts';
import { copyOrgUnit, inScope } from '@fengqiao/persistence';

/** Writes one announced unit into the register's copy of the tree and re-paths the rows filed at it. */
export const applyOrgUnit = (ds: DataSource, u: OrgUnitUpsertedData): Promise<void> =>
  inScope(ds, { kind: 'system' }, (m) => copyOrgUnit(m, 'key_persons', u, ['persons', 'special_periods', 'exports']));
