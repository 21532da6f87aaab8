import { Controller, Inject } from '@nestjs/common';
import { Commands, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { ATTACHMENT_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { INTAKE_LOGGER } from '../config/intake.config';
import { AttachmentsService } from './attachments.service';

/** NATS entry points of attachments' metadata; @Guarded verifies the caller's token and roles. */
@Controller()
export class AttachmentsHandler implements GuardedHandler {
  constructor(
    @Inject(AttachmentsService) private readonly attachments: AttachmentsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.createAttachment, { roles: ATTACHMENT_ROLES })
  create(caller: Caller, body: unknown) {
    return this.attachments.create(body, caller);
  }

  @Guarded(Commands.intake.getAttachment, { roles: ATTACHMENT_ROLES })
  get(caller: Caller, body: unknown) {
    return this.attachments.get(body, caller);
  }

  @Guarded(Commands.intake.listAttachments, { roles: ATTACHMENT_ROLES })
  list(caller: Caller, body: unknown) {
    return this.attachments.list(body, caller);
  }

  @Guarded(Commands.intake.storeAttachment, { roles: ATTACHMENT_ROLES })
  store(caller: Caller, body: unknown) {
    return this.attachments.store(body, caller);
  }

  @Guarded(Commands.intake.discardAttachment, { roles: ATTACHMENT_ROLES })
  discard(caller: Caller, body: unknown) {
    return this.attachments.discard(body, caller);
  }
}
