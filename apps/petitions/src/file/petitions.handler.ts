import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Commands, readContextFromHeaders, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import { PETITION_FILE_READER_ROLES } from '@fengqiao/rules';
import { PETITIONS_LOGGER } from '../config/petitions.config';
import { PetitionsService } from './petitions.service';

/** What the gateway told about the read (purpose, request, address). */
const readContext = (ctx: NatsContext) => {
  const h = ctx?.getHeaders?.() as { get(name: string): string | undefined } | undefined;
  return readContextFromHeaders((n) => h?.get(n));
};

/** NATS entry points for the petition file and its documents; the service checks jurisdiction. */
@Controller()
export class PetitionsHandler implements GuardedHandler {
  constructor(
    @Inject(PetitionsService) private readonly petitions: PetitionsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(PETITIONS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.petitions.getFile, { roles: PETITION_FILE_READER_ROLES })
  file(caller: Caller, body: { id?: unknown } | undefined, ctx: NatsContext) {
    return this.petitions.file(caller, body, readContext(ctx));
  }

  @Guarded(Commands.petitions.getDocument, { roles: PETITION_FILE_READER_ROLES })
  document(caller: Caller, body: { id?: unknown; kind?: unknown } | undefined, ctx: NatsContext) {
    return this.petitions.document(caller, body, readContext(ctx));
  }
}
