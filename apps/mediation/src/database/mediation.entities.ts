import { AgreementEntity, JointPartEntity, ReturnVisitEntity, SessionEntity } from '../casework/casework.entity';
import { AssignmentEntity, MediatorEntity } from '../mediators/mediator.entity';
import { OrgUnitEntity } from '../org-units/org-unit.entity';

export const mediationEntities = [OrgUnitEntity, MediatorEntity, AssignmentEntity, SessionEntity, AgreementEntity, JointPartEntity, ReturnVisitEntity];
