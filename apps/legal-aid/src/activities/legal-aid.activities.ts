import type { LegalAidActivities } from '@fengqiao/contracts';
import { withLogContext, type JsonLogger } from '@fengqiao/observability';
import type { LegalAidService } from '../file/legal-aid.service';
import type { ProvidersService } from '../providers/providers.service';

export interface LegalAidActivityDeps {
  legalAid: LegalAidService;
  providers: ProvidersService;
  logger: JsonLogger;
}

/**
 * The activities the legal-aid process runs on the legal-aid service (a factory: deps in,
 * functions out). Idempotent, so Temporal may retry after a commit. Logs carry ids and codes only,
 * never names, facts or the texts of decisions.
 */
export function createLegalAidActivities({ legalAid, providers, logger }: LegalAidActivityDeps): LegalAidActivities {
  return {
    recordApplication: (input) =>
      withLogContext({ caseNo: input.caseNo }, async () => {
        const a = await legalAid.recordApplication(input);
        logger.event('legal-aid application recorded', { seq: input.seq, outcome: a.outcome, economic: a.economic, standard: a.standard?.id ?? '' });
        return a;
      }),
    recordLegalAidStep: (input) =>
      withLogContext({ caseNo: input.caseNo }, async () => {
        const r = await legalAid.recordStep(input);
        logger.event(r.stored ? 'legal-aid step recorded' : 'legal-aid step already recorded', {
          seq: input.seq,
          type: input.type,
          ...(r.document ? { document: r.document } : {}),
        });
      }),
    assignProvider: (input) =>
      withLogContext({ caseNo: input.caseNo }, async () => {
        const p = await providers.assign(input);
        logger.event('legal-aid provider assigned', { seq: input.seq, providerId: p.id, named: !!input.providerId });
        return p;
      }),
    releaseProvider: async (input) => {
      const released = await providers.release(input);
      logger.event(released ? 'legal-aid provider released' : 'legal-aid provider already released', { caseId: input.caseId });
    },
  };
}
