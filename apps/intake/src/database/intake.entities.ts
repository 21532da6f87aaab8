import { CaseEntity, CasePartyEntity, CaseTimelineEntity } from '../cases/case.entity';
import { CategoryEntity, OrgUnitEntity } from '../reference/reference.entity';

export const intakeEntities = [CaseEntity, CasePartyEntity, CaseTimelineEntity, OrgUnitEntity, CategoryEntity];
