import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Commands, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { CASE_LINK_REMOVER_ROLES, KEY_PERSON_ROUTE_ROLES, PERSON_FILE_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { INTAKE_LOGGER } from '../config/intake.config';
import { PersonFileService } from './person-file.service';
import { readContextOf } from '../cases/case-reads';

/** The person file and case links over NATS; @Guarded verifies the forwarded token and the roles. */
@Controller()
export class PersonFileHandler implements GuardedHandler {
  constructor(
    @Inject(PersonFileService) private readonly files: PersonFileService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.getPersonFile, { roles: PERSON_FILE_ROLES })
  file(caller: Caller, query: unknown, ctx: NatsContext) {
    return this.files.file(query, caller, readContextOf(ctx));
  }

  /** The key-persons service asks for a person's cases by the ID number's blind index (references only). */
  @Guarded(Commands.intake.casesOfPerson, { roles: KEY_PERSON_ROUTE_ROLES })
  casesOfPerson(caller: Caller, body: unknown) {
    return this.files.casesOfPerson(body, caller);
  }

  @Guarded(Commands.intake.linkCases, { roles: PERSON_FILE_ROLES })
  link(caller: Caller, body: { caseId?: unknown; link?: unknown } | undefined) {
    return this.files.link(String(body?.caseId ?? ''), body?.link, caller);
  }

  @Guarded(Commands.intake.mergeCase, { roles: PERSON_FILE_ROLES })
  merge(caller: Caller, body: { caseId?: unknown; merge?: unknown } | undefined) {
    return this.files.merge(String(body?.caseId ?? ''), body?.merge, caller);
  }

  @Guarded(Commands.intake.unmergeCase, { roles: CASE_LINK_REMOVER_ROLES })
  unmerge(caller: Caller, body: { caseId?: unknown; reason?: unknown } | undefined) {
    return this.files.unmerge(String(body?.caseId ?? ''), { reason: body?.reason }, caller);
  }

  @Guarded(Commands.intake.unlinkCases, { roles: CASE_LINK_REMOVER_ROLES })
  unlink(caller: Caller, body: { linkId?: unknown; reason?: unknown } | undefined) {
    return this.files.unlink(String(body?.linkId ?? ''), { reason: body?.reason }, caller);
  }
}
