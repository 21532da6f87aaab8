import { caseEventType, EVENT_FIELD_REPORT_HANDLED, EVENT_FIELD_REPORT_RECORDED, EVENT_FIELD_REPORT_VERIFIED, EventTypes } from '@fengqiao/contracts';

/**
 * STAND-IN, to be replaced by the event catalogue (libs/contracts/src/events/catalogue.ts) once it
 * is on main: the event types an integrator may subscribe to, and for each the data fields that are
 * personal data (removed from every payload an integrator is sent). This is the only place the
 * webhooks service keeps such a list.
 */
const CASE_STEPS = [
  'routed',
  'replied',
  'assigned',
  'session-recorded',
  'escalated',
  'department-reported-in',
  'department-result-filed',
  'concluded',
  'feedback-recorded',
  'rated',
  'review-opened',
  'return-visit-recorded',
  'reopened',
  'escalation-proposed',
  'closed',
];

/** Fields naming or describing a person: who acted or registered (usernames), the matter's text, a step's free detail. */
const CASE_STEP_PERSONAL = ['actor', 'detail'];

export const SUBSCRIBABLE_EVENTS: ReadonlyMap<string, { personal: readonly string[] }> = new Map([
  [EventTypes.caseRegistered, { personal: ['registeredBy', 'title', 'routing', 'resume', 'extraNotices'] }],
  [EventTypes.caseWarningChanged, { personal: [] }],
  ...CASE_STEPS.map((s) => [caseEventType(s), { personal: CASE_STEP_PERSONAL }] as const),
  [EVENT_FIELD_REPORT_RECORDED, { personal: ['reporterUsername'] }],
  [EVENT_FIELD_REPORT_HANDLED, { personal: ['reporterUsername', 'handledBy'] }],
  [EVENT_FIELD_REPORT_VERIFIED, { personal: ['residentSub', 'residentUsername', 'verifiedBy'] }],
]);

export const isSubscribable = (type: string): boolean => SUBSCRIBABLE_EVENTS.has(type);

/** The personal-data fields of an event type's data (top-level names). */
export const personalFieldsOf = (type: string): readonly string[] => SUBSCRIBABLE_EVENTS.get(type)?.personal ?? [];
