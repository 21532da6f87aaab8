import type { NatsConnection } from 'nats';
import { Commands, type OrgUnitLayerView } from '@fengqiao/contracts';
import { requestAsCaller } from '@fengqiao/messaging';
import { InsightsFailures } from '../insights.failures';
import type { UnitLayerSource } from './map.service';

/**
 * Asks intake, as the caller, for a unit's and its children's boundaries: the grid register is
 * intake's (insights keeps no copy of the shapes). Intake's refusal (404, 403) is the answer; no
 * answer is 503 `MAP_SHAPES_UNAVAILABLE`.
 */
export function intakeUnitLayer(nats: NatsConnection, prefix: string | undefined, timeoutMs = 5_000): UnitLayerSource {
  return async (code, authorization) =>
    (await requestAsCaller<OrgUnitLayerView>(nats, prefix, Commands.intake.orgUnitLayer, { code }, authorization, timeoutMs)) ??
    InsightsFailures.fail('MAP_SHAPES_UNAVAILABLE');
}
