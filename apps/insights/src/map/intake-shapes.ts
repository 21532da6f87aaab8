import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { AUTH_HEADER, Commands, withPrefix, type OrgUnitLayerView, type Reply } from '@fengqiao/contracts';
import { InsightsFailures } from '../insights.failures';
import type { UnitLayerSource } from './map.service';

/**
 * Asks intake, as the caller (their token forwarded), for a unit's and its children's boundaries: the grid
 * register is intake's (insights keeps no copy of the shapes). Intake's refusal (404, 403) is the answer;
 * no answer is 503 `MAP_SHAPES_UNAVAILABLE`.
 */
export function intakeUnitLayer(nats: NatsConnection, prefix: string | undefined, timeoutMs = 5_000): UnitLayerSource {
  return async (code, authorization) => {
    const h = natsHeaders();
    if (authorization) h.set(AUTH_HEADER, authorization);
    const packet = { pattern: Commands.intake.orgUnitLayer, data: { code }, id: randomUUID() };
    try {
      const msg = await nats.request(withPrefix(prefix, Commands.intake.orgUnitLayer), JSON.stringify(packet), { headers: h, timeout: timeoutMs });
      const reply = JSON.parse(new TextDecoder().decode(msg.data)) as { response?: Reply<OrgUnitLayerView> };
      return reply.response ?? InsightsFailures.fail('MAP_SHAPES_UNAVAILABLE');
    } catch {
      return InsightsFailures.fail('MAP_SHAPES_UNAVAILABLE');
    }
  };
}
