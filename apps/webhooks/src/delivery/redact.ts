import type { CloudEvent } from '@fengqiao/contracts';
import { personalFieldsOf } from '../catalogue/webhook-events';

/** The CloudEvents extension that names the data fields removed from a payload. */
export const REDACTED_EXTENSION = 'fqredacted';

/**
 * The event as an integrator may see it: every personal-data field of its type removed from `data`
 * (an integrator sees no personal data, WEBHOOK_SUBSCRIBER_ROLES), the removed names listed in
 * `fqredacted`, and the platform-internal trace context dropped.
 */
export function redactForIntegrator(event: CloudEvent): CloudEvent & { [REDACTED_EXTENSION]?: string[] } {
  const personal = personalFieldsOf(event.type);
  const data = event.data && typeof event.data === 'object' && !Array.isArray(event.data) ? { ...(event.data as Record<string, unknown>) } : event.data;
  const removed: string[] = [];
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    for (const f of personal) {
      if (f in (data as Record<string, unknown>)) {
        delete (data as Record<string, unknown>)[f];
        removed.push(f);
      }
    }
  }
  const { traceparent: _trace, ...rest } = event;
  return { ...rest, data, ...(removed.length ? { [REDACTED_EXTENSION]: removed } : {}) };
}
