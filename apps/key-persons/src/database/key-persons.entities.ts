import { OrgUnitEntity } from '../org-units/org-unit.entity';

/** The register is read and written with SQL (register/*.ts); only the tree copy is an entity. */
export const keyPersonsEntities = [OrgUnitEntity];
