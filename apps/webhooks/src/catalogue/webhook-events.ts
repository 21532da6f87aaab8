import { EVENT_CATALOGUE, eventDefinition, KEY_PERSON_AGGREGATE, type EventDefinition } from '@fengqiao/contracts';

/**
 * Which events an integrator may subscribe to: every event of the platform's catalogue
 * (libs/contracts/src/events/catalogue) except the key-person register's, which is need-to-know
 * (docs/key-persons.md) and never an integrator's. What each carries as personal data, and its
 * removal, is the catalogue's (`personalData`, `redactPersonalData`).
 */
const subscribable = (d: EventDefinition): boolean => d.aggregate !== KEY_PERSON_AGGREGATE;

export const SUBSCRIBABLE_EVENT_TYPES: readonly string[] = EVENT_CATALOGUE.filter(subscribable).map((d) => d.type);

export function isSubscribable(type: string): boolean {
  const d = eventDefinition(type);
  return !!d && subscribable(d);
}
