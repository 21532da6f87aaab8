import { CaseEntity, CasePartyEntity, CaseTimelineEntity, SupervisionItemEntity } from '../cases/case.entity';
import { CategoryEntity, OrgUnitEntity } from '../reference/reference.entity';
import { HolidayNoticeEntity, RoutingRulesEntity } from '../routing/routing.entities';

export const intakeEntities = [
  CaseEntity,
  CasePartyEntity,
  CaseTimelineEntity,
  SupervisionItemEntity,
  OrgUnitEntity,
  CategoryEntity,
  RoutingRulesEntity,
  HolidayNoticeEntity,
];
