import type { PetitionActivities } from '@fengqiao/contracts';
import { withLogContext, type JsonLogger } from '@fengqiao/observability';
import type { PetitionsService } from '../file/petitions.service';

export interface PetitionActivityDeps {
  petitions: PetitionsService;
  logger: JsonLogger;
}

/**
 * The activities the petition process runs on the petitions service (a factory: deps in,
 * functions out). Idempotent, so Temporal may retry after a commit. Logs carry ids and codes only,
 * never names or the texts of decisions.
 */
export function createPetitionActivities({ petitions, logger }: PetitionActivityDeps): PetitionActivities {
  return {
    recordPetitionStep: (input) =>
      withLogContext({ caseNo: input.caseNo }, async () => {
        const r = await petitions.recordStep(input);
        logger.event(r.stored ? 'petition step recorded' : 'petition step already recorded', {
          seq: input.seq,
          type: input.type,
          ...(r.document ? { document: r.document } : {}),
        });
      }),
  };
}
