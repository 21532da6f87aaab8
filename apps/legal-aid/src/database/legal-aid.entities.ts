import type { EntityList } from '@fengqiao/persistence';

/** The legal-aid tables are read and written with SQL, the org tree copy with OrgTreeCopy: no entities. */
export const legalAidEntities: EntityList = [];
