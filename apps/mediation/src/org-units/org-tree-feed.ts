import type { DataSource } from 'typeorm';
import type { OrgUnitUpsertedData } from '@fengqiao/contracts';
import { copyOrgUnit } from '@fengqiao/persistence';

/** Writes one announced unit into mediation's copy of the tree; a repeat changes nothing. */
export const applyOrgUnit = (ds: DataSource, u: OrgUnitUpsertedData): Promise<void> => copyOrgUnit(ds, 'mediation', u);
