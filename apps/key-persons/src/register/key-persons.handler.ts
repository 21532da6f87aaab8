import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { AUTH_HEADER, Commands, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import {
  KEY_PERSON_DECIDER_ROLES,
  KEY_PERSON_OFFICER_ROLES,
  KEY_PERSON_REGISTER_READER_ROLES,
  KEY_PERSON_RESPONSIBLE_STAFF_ROLES,
  KEY_PERSON_ROUTE_ROLES,
} from '@fengqiao/rules';
import { KEY_PERSONS_LOGGER } from '../config/key-persons.config';
import { KeyPersonsService, type KeyPersonRequest } from './key-persons.service';

const tokenOf = (ctx: NatsContext | undefined): string | undefined => {
  const h = ctx?.getHeaders() as { get(name: string): string } | undefined;
  return h?.get(AUTH_HEADER) || undefined;
};

/**
 * NATS entry points of the register: the roles of the gateway's route checked again here; need-to-know
 * on each record in the service. Bodies about a person arrive sealed; records leave sealed.
 */
@Controller()
export class KeyPersonsHandler implements GuardedHandler {
  constructor(
    @Inject(KeyPersonsService) private readonly kp: KeyPersonsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(KEY_PERSONS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.keyPersons.listCategories, { roles: KEY_PERSON_ROUTE_ROLES })
  listCategories() {
    return this.kp.listCategories();
  }

  @Guarded(Commands.keyPersons.list, { roles: KEY_PERSON_REGISTER_READER_ROLES })
  list(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.list(caller, req);
  }

  @Guarded(Commands.keyPersons.create, { roles: KEY_PERSON_OFFICER_ROLES })
  create(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.create(caller, req);
  }

  @Guarded(Commands.keyPersons.open, { roles: KEY_PERSON_ROUTE_ROLES })
  open(caller: Caller, req: KeyPersonRequest | undefined, ctx: NatsContext) {
    return this.kp.open(caller, req, tokenOf(ctx));
  }

  @Guarded(Commands.keyPersons.listOpenings, { roles: KEY_PERSON_ROUTE_ROLES })
  listOpenings(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.listOpenings(caller, req);
  }

  @Guarded(Commands.keyPersons.recordContact, { roles: KEY_PERSON_ROUTE_ROLES })
  recordContact(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.recordContact(caller, req);
  }

  @Guarded(Commands.keyPersons.changeRisk, { roles: KEY_PERSON_OFFICER_ROLES })
  changeRisk(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.changeRisk(caller, req);
  }

  @Guarded(Commands.keyPersons.submitAssessment, { roles: KEY_PERSON_OFFICER_ROLES })
  submitAssessment(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.submitAssessment(caller, req);
  }

  @Guarded(Commands.keyPersons.decideAssessment, { roles: KEY_PERSON_DECIDER_ROLES })
  decideAssessment(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.decideAssessment(caller, req);
  }

  @Guarded(Commands.keyPersons.setResponsible, { roles: KEY_PERSON_OFFICER_ROLES })
  setResponsible(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.setResponsible(caller, req);
  }

  @Guarded(Commands.keyPersons.addMeasure, { roles: KEY_PERSON_OFFICER_ROLES })
  addMeasure(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.addMeasure(caller, req);
  }

  @Guarded(Commands.keyPersons.addSummary, { roles: KEY_PERSON_ROUTE_ROLES })
  addSummary(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.addSummary(caller, req);
  }

  @Guarded(Commands.keyPersons.requestRemoval, { roles: KEY_PERSON_OFFICER_ROLES })
  requestRemoval(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.requestRemoval(caller, req);
  }

  @Guarded(Commands.keyPersons.decideRemoval, { roles: KEY_PERSON_DECIDER_ROLES })
  decideRemoval(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.decideRemoval(caller, req);
  }

  @Guarded(Commands.keyPersons.recordDailyReport, { roles: KEY_PERSON_ROUTE_ROLES })
  recordDailyReport(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.recordDailyReport(caller, req);
  }

  @Guarded(Commands.keyPersons.listWarnings, { roles: KEY_PERSON_REGISTER_READER_ROLES })
  listWarnings(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.listWarnings(caller, req);
  }

  @Guarded(Commands.keyPersons.myTasks, { roles: KEY_PERSON_RESPONSIBLE_STAFF_ROLES })
  myTasks(caller: Caller) {
    return this.kp.myTasks(caller);
  }

  @Guarded(Commands.keyPersons.listSpecialPeriods, { roles: KEY_PERSON_REGISTER_READER_ROLES })
  listSpecialPeriods(caller: Caller) {
    return this.kp.listSpecialPeriods(caller);
  }

  @Guarded(Commands.keyPersons.declareSpecialPeriod, { roles: KEY_PERSON_DECIDER_ROLES })
  declareSpecialPeriod(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.declareSpecialPeriod(caller, req);
  }

  @Guarded(Commands.keyPersons.missingDailyReports, { roles: KEY_PERSON_DECIDER_ROLES })
  missingDailyReports(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.missingDailyReports(caller, req);
  }

  @Guarded(Commands.keyPersons.requestExport, { roles: KEY_PERSON_OFFICER_ROLES })
  requestExport(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.requestExport(caller, req);
  }

  @Guarded(Commands.keyPersons.listExports, { roles: KEY_PERSON_OFFICER_ROLES })
  listExports(caller: Caller) {
    return this.kp.listExports(caller);
  }

  @Guarded(Commands.keyPersons.decideExport, { roles: KEY_PERSON_DECIDER_ROLES })
  decideExport(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.decideExport(caller, req);
  }

  @Guarded(Commands.keyPersons.getExportFile, { roles: KEY_PERSON_OFFICER_ROLES })
  getExportFile(caller: Caller, req: KeyPersonRequest | undefined) {
    return this.kp.getExportFile(caller, req);
  }
}
