import type { EntityList } from '@fengqiao/persistence';

/** The petition tables are read and written with SQL (petitions.service.ts), the org tree copy with OrgTreeCopy: no entities. */
export const petitionsEntities: EntityList = [];
