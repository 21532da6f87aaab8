import { OrgUnitEntity } from '../org-units/org-unit.entity';

/** The petition tables are read and written with SQL (petitions.service.ts); only the tree copy is an entity. */
export const petitionsEntities = [OrgUnitEntity];
