import type { DataSource } from 'typeorm';
import { OrgTreeCopy } from '@fengqiao/persistence';

/** This service's copy of the org tree (petitions.org_units). */
export class OrgUnitsService extends OrgTreeCopy {
  constructor(ds: DataSource, ttlMs?: number) {
    super(ds, 'petitions', ttlMs);
  }
}
