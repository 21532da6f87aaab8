import type { EntityList } from '@fengqiao/persistence';

/** The register is read and written with SQL (register/*.ts), the org tree copy with OrgTreeCopy: no entities. */
export const keyPersonsEntities: EntityList = [];
