import { AgreementEntity, JointPartEntity, ReturnVisitEntity, SessionEntity } from '../casework/casework.entity';
import { AssignmentEntity, MediatorEntity } from '../mediators/mediator.entity';

export const mediationEntities = [MediatorEntity, AssignmentEntity, SessionEntity, AgreementEntity, JointPartEntity, ReturnVisitEntity];
