import { OrgUnitEntity } from '../org-units/org-unit.entity';

/** The legal-aid tables are read and written with SQL; only the tree copy is an entity. */
export const legalAidEntities = [OrgUnitEntity];
