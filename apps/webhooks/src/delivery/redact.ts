import { eventDefinition, redactPersonalData, type CloudEvent } from '@fengqiao/contracts';

/** The CloudEvents extension that names the personal-data fields removed from a payload. */
export const REDACTED_EXTENSION = 'fqredacted';

/**
 * The event as an integrator may see it: every personal-data field the catalogue names for its type
 * removed from `data` (an integrator sees no personal data, WEBHOOK_SUBSCRIBER_ROLES), those fields
 * named in `fqredacted`, and the platform-internal trace context dropped. Only for catalogued types.
 */
export function redactForIntegrator(event: CloudEvent): CloudEvent & { [REDACTED_EXTENSION]?: string[] } {
  const personal = eventDefinition(event.type)?.personalData ?? [];
  const { traceparent: _trace, ...rest } = event;
  return { ...rest, data: redactPersonalData(event.type, event.data), ...(personal.length ? { [REDACTED_EXTENSION]: [...personal] } : {}) };
}
