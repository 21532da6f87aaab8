import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Commands, readContextFromHeaders, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import {
  LEGAL_AID_FILE_READER_ROLES,
  LEGAL_AID_PROVIDER_ROLES,
  LEGAL_AID_ROSTER_READER_ROLES,
  LEGAL_AID_ROSTER_WRITER_ROLES,
  LEGAL_AID_STANDARD_LOADER_ROLES,
  LEGAL_AID_STANDARD_READER_ROLES,
} from '@fengqiao/rules';
import { LEGAL_AID_LOGGER } from '../config/legal-aid.config';
import { LegalAidService } from '../file/legal-aid.service';
import { ProvidersService } from '../providers/providers.service';
import { StandardsService } from '../standards/standards.service';

/** What the gateway told about a read (purpose, request, address). */
const readContext = (ctx: NatsContext) => {
  const h = ctx?.getHeaders?.() as { get(name: string): string | undefined } | undefined;
  return readContextFromHeaders((n) => h?.get(n));
};

/** NATS entry points of the legal-aid service; the services check jurisdiction. */
@Controller()
export class LegalAidHandler implements GuardedHandler {
  constructor(
    @Inject(LegalAidService) private readonly legalAid: LegalAidService,
    @Inject(ProvidersService) private readonly providers: ProvidersService,
    @Inject(StandardsService) private readonly standards: StandardsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(LEGAL_AID_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.legalAid.getFile, { roles: LEGAL_AID_FILE_READER_ROLES })
  file(caller: Caller, body: { id?: unknown } | undefined, ctx: NatsContext) {
    return this.legalAid.file(caller, body, readContext(ctx));
  }

  @Guarded(Commands.legalAid.getDocument, { roles: LEGAL_AID_FILE_READER_ROLES })
  document(caller: Caller, body: { id?: unknown; kind?: unknown } | undefined, ctx: NatsContext) {
    return this.legalAid.document(caller, body, readContext(ctx));
  }

  /** Query: `orgUnit` (who may serve it: providers at it or an ancestor), `matter` (a speciality). */
  @Guarded(Commands.legalAid.listProviders, { roles: LEGAL_AID_ROSTER_READER_ROLES })
  listProviders(caller: Caller, query: unknown) {
    return this.providers.list(caller, query);
  }

  @Guarded(Commands.legalAid.createProvider, { roles: LEGAL_AID_ROSTER_WRITER_ROLES })
  createProvider(caller: Caller, body: unknown) {
    return this.providers.create(caller, body);
  }

  /** Body: `{ id, provider }` or `{ id, ...provider }` (the path's id beside the request body). */
  @Guarded(Commands.legalAid.updateProvider, { roles: LEGAL_AID_ROSTER_WRITER_ROLES })
  updateProvider(caller: Caller, body: { id?: unknown; provider?: unknown } | undefined) {
    return this.providers.update(caller, body);
  }

  @Guarded(Commands.legalAid.myMatters, { roles: LEGAL_AID_PROVIDER_ROLES })
  myMatters(caller: Caller) {
    return this.providers.myMatters(caller);
  }

  /** Query: `orgUnit` (the versions that may apply to it: its own and its ancestors'). */
  @Guarded(Commands.legalAid.listStandards, { roles: LEGAL_AID_STANDARD_READER_ROLES })
  listStandards(caller: Caller, query: unknown) {
    return this.standards.list(caller, query);
  }

  @Guarded(Commands.legalAid.loadStandard, { roles: LEGAL_AID_STANDARD_LOADER_ROLES })
  loadStandard(caller: Caller, body: unknown) {
    return this.standards.load(caller, body);
  }
}
