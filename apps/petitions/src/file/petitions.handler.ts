import { Controller, Inject } from '@nestjs/common';
import { Commands, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import { PETITION_FILE_READER_ROLES } from '@fengqiao/rules';
import { PETITIONS_LOGGER } from '../config/petitions.config';
import { PetitionsService } from './petitions.service';

/** NATS entry points for the petition file and its documents; the service checks jurisdiction. */
@Controller()
export class PetitionsHandler implements GuardedHandler {
  constructor(
    @Inject(PetitionsService) private readonly petitions: PetitionsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(PETITIONS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.petitions.getFile, { roles: PETITION_FILE_READER_ROLES })
  file(caller: Caller, body: { id?: unknown } | undefined) {
    return this.petitions.file(caller, body);
  }

  @Guarded(Commands.petitions.getDocument, { roles: PETITION_FILE_READER_ROLES })
  document(caller: Caller, body: { id?: unknown; kind?: unknown } | undefined) {
    return this.petitions.document(caller, body);
  }
}
