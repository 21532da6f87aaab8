import { CaseEntity, CasePartyEntity, CaseTimelineEntity } from '../cases/case.entity';
import { CategoryEntity, OrgUnitEntity } from '../reference/reference.entity';
import { HolidayNoticeEntity, RoutingRulesEntity } from '../routing/routing.entities';

export const intakeEntities = [CaseEntity, CasePartyEntity, CaseTimelineEntity, OrgUnitEntity, CategoryEntity, RoutingRulesEntity, HolidayNoticeEntity];
