/**
 * The event catalogue (docs/events.md): every event the services publish on JetStream, with its
 * subject, data schema, description, example and the data fields that are personal data. The AsyncAPI
 * document (`GET /api/v1/asyncapi.json`) and docs/events.md are generated from it; webhooks redact
 * payloads with `redactPersonalData`.
 */
import type { z } from 'zod';
import { CASE_REGISTERED_DESCRIPTION, CASE_STEP_DESCRIPTIONS } from './case-steps';
import {
  caseRegisteredDataSchema,
  caseTransitionDataSchema,
  caseWarningChangedV1DataSchema,
  checkInMissingDataSchema,
  checkInRecordedDataSchema,
  checkInRosterDataSchema,
  fieldReportHandledDataSchema,
  fieldReportRecordedDataSchema,
  fieldReportVerifiedDataSchema,
  keyPersonObligationMetDataSchema,
  keyPersonRegisteredDataSchema,
  keyPersonRemovedDataSchema,
  keyPersonRiskChangedDataSchema,
  keyPersonWarningDataSchema,
  obligationRefSchema,
  orgUnitUpsertedDataSchema,
} from './data-schemas';
import { CASE_STEP_TYPES, caseEventType, EventTypes, type CaseStepType } from './event-types';

/** The CloudEvents `source` of each publishing service. */
export const EventSources = {
  intake: '/fengqiao/intake',
  keyPersons: 'fq/key-persons',
} as const;

export interface Bilingual {
  zh: string;
  en: string;
}

export interface EventDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  /** CloudEvents `type`. */
  type: string;
  /** Subject `fq.evt.<orgUnit>.<aggregate>.<event>`. */
  aggregate: string;
  event: string;
  /** What the subject's `<orgUnit>` token is (a case's unit, a grid, a county …). */
  orgUnit: Bilingual;
  /** What the CloudEvents `subject` attribute names. */
  ceSubject: Bilingual;
  source: (typeof EventSources)[keyof typeof EventSources];
  summary: Bilingual;
  data: S;
  /**
   * Data fields that are personal data (names, logins, free text, a person's pseudonymous id), as
   * paths: `a.b`, `a[].b` (each element), `a[]` (the array's elements). A payload for a reader who
   * may not see personal data leaves them out (`redactPersonalData`).
   */
  personalData: readonly string[];
  example: z.infer<S>;
}

const define = <S extends z.ZodTypeAny>(d: EventDefinition<S>): EventDefinition<S> => d;

const CASE_UNIT: Bilingual = { zh: '案件所属单位代码', en: 'the case’s org unit' };
const CASE_NO: Bilingual = { zh: '案件编号', en: 'the case number' };
const GRID: Bilingual = { zh: '网格代码', en: 'the grid’s code' };
const REPORT_ID: Bilingual = { zh: '随手拍编号', en: 'the report’s id' };
const PERSON_UNIT: Bilingual = { zh: '重点人员所属单位代码', en: 'the person’s org unit' };
const PERSON_ID: Bilingual = { zh: '重点人员编号（化名标识）', en: 'the person’s id (a pseudonym)' };

const CASE_ID = '5b3e1c52-7d1a-4f44-9a43-0d4f5d2a9e11';
const PERSON = '8a0c2f3e-1b7d-4c55-9e21-3f6a7b8c9d01';
const REPORT = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const AT = '2026-12-07T02:30:00.000Z';

const transitionExample = (step: CaseStepType): z.infer<typeof caseTransitionDataSchema> => ({
  caseId: CASE_ID,
  caseNo: 'FQ-621102-20261207-0001',
  orgUnit: '621102',
  orgPath: '/621100/621102/',
  kind: step.startsWith('legal-aid') ? 'legal-aid' : step.startsWith('petition') ? 'petition' : 'dispute',
  category: 'neighbour',
  seq: 3,
  type: step,
  actor: step === 'warning-changed' || step === 'routed' ? 'system' : 'clerk.zhang',
  at: AT,
  status: step === 'closed' ? 'closed' : 'mediation',
  outcome: null,
  warning: step === 'warning-changed' ? 'yellow' : 'green',
  rating: null,
  detail: {},
});

const TRANSITION_PERSONAL = ['actor', 'detail'] as const;

/** One event per case step: `cn.fengqiao.case.<step>.v1` on `fq.evt.<orgUnit>.case.<step>`. */
const caseSteps = CASE_STEP_TYPES.map((step) =>
  step === 'warning-changed'
    ? define({
        type: caseEventType(step),
        aggregate: 'case',
        event: step,
        orgUnit: CASE_UNIT,
        ceSubject: CASE_NO,
        source: EventSources.intake,
        summary: {
          zh: `${CASE_STEP_DESCRIPTIONS[step].zh}。早期流程版本发布的数据只有 caseId、caseNo、orgUnit、warning、reason`,
          en: `${CASE_STEP_DESCRIPTIONS[step].en}. Runs of the process’s first version publish only caseId, caseNo, orgUnit, warning and reason`,
        },
        data: caseTransitionDataSchema.or(caseWarningChangedV1DataSchema),
        personalData: TRANSITION_PERSONAL,
        example: { ...transitionExample(step), detail: { clock: 'mediation', colour: 'yellow', due: '2026-12-20T16:00:00.000Z' } },
      })
    : define({
        type: caseEventType(step),
        aggregate: 'case',
        event: step,
        orgUnit: CASE_UNIT,
        ceSubject: CASE_NO,
        source: EventSources.intake,
        summary: CASE_STEP_DESCRIPTIONS[step],
        data: caseTransitionDataSchema,
        personalData: TRANSITION_PERSONAL,
        example: transitionExample(step),
      }),
);

const obligation = { personId: PERSON, orgUnit: '621102101', obligation: 'contact' as const, key: 'contact', dueAt: '2026-12-14T16:00:00.000Z' };

const others = [
  define({
    type: EventTypes.caseRegistered,
    aggregate: 'case',
    event: 'registered',
    orgUnit: CASE_UNIT,
    ceSubject: CASE_NO,
    source: EventSources.intake,
    summary: CASE_REGISTERED_DESCRIPTION,
    data: caseRegisteredDataSchema,
    personalData: ['registeredBy', 'title'],
    example: {
      caseId: CASE_ID,
      caseNo: 'FQ-621102-20261207-0001',
      kind: 'dispute',
      category: 'neighbour',
      severity: 'ordinary',
      orgUnit: '621102',
      orgPath: '/621100/621102/',
      registeredAt: AT,
      firstReplyDue: '2026-12-08T02:30:00.000Z',
      registeredBy: 'clerk.zhang',
      title: '邻里漏水纠纷',
      channel: 'walk-in',
    },
  }),
  define({
    type: EventTypes.fieldReportRecorded,
    aggregate: 'field-report',
    event: 'recorded',
    orgUnit: GRID,
    ceSubject: REPORT_ID,
    source: EventSources.intake,
    summary: { zh: '新的随手拍（不含文字和位置），用于按网格统计', en: 'A new field report (no text, no position), for statistics by grid' },
    data: fieldReportRecordedDataSchema,
    personalData: ['reporterUsername'],
    example: {
      reportId: REPORT,
      kind: 'hazard',
      category: 'road',
      status: 'open',
      reporterUsername: 'resident.li',
      reporterRole: 'resident',
      gridCode: '621102101201-03',
      path: '/621100/621102/621102101/621102101201/621102101201-03/',
      at: AT,
    },
  }),
  define({
    type: EventTypes.fieldReportHandled,
    aggregate: 'field-report',
    event: 'handled',
    orgUnit: GRID,
    ceSubject: REPORT_ID,
    source: EventSources.intake,
    summary: { zh: '网格员办结、转案件或驳回随手拍', en: 'A grid worker settled, sent (as a case) or rejected a field report' },
    data: fieldReportHandledDataSchema,
    personalData: ['reporterUsername', 'handledBy'],
    example: {
      reportId: REPORT,
      kind: 'hazard',
      category: 'road',
      status: 'settled',
      reporterUsername: 'resident.li',
      reporterRole: 'resident',
      gridCode: '621102101201-03',
      path: '/621100/621102/621102101/621102101201/621102101201-03/',
      handledBy: 'grid.wang',
      recordedAt: '2026-12-07T01:00:00.000Z',
      at: AT,
    },
  }),
  define({
    type: EventTypes.fieldReportVerified,
    aggregate: 'field-report',
    event: 'verified',
    orgUnit: GRID,
    ceSubject: REPORT_ID,
    source: EventSources.intake,
    summary: {
      zh: '居民随手拍经网格员核实（积分按此发放，每条一次）',
      en: 'A resident’s report confirmed by a grid worker (points are awarded from it, once per report)',
    },
    data: fieldReportVerifiedDataSchema,
    personalData: ['residentSub', 'residentUsername', 'verifiedBy'],
    example: {
      reportId: REPORT,
      residentSub: 'f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      residentUsername: 'resident.li',
      kind: 'hazard',
      category: 'road',
      outcome: 'settled',
      gridCode: '621102101201-03',
      path: '/621100/621102/621102101/621102101201/621102101201-03/',
      verifiedBy: 'grid.wang',
      at: AT,
    },
  }),
  define({
    type: EventTypes.checkInRecorded,
    aggregate: 'check-in',
    event: 'recorded',
    orgUnit: GRID,
    ceSubject: GRID,
    source: EventSources.intake,
    summary: { zh: '网格员报平安（在哪个网格），用于活跃率', en: 'A grid worker checked in (in which grid), for the activity rate' },
    data: checkInRecordedDataSchema,
    personalData: ['username'],
    example: { username: 'grid.wang', day: '2026-12-07', at: AT, gridCode: '621102101201-03', path: '/621100/621102/621102101/621102101201/621102101201-03/' },
  }),
  define({
    type: EventTypes.checkInMissing,
    aggregate: 'check-in',
    event: 'missing',
    orgUnit: { zh: '县级单位代码', en: 'the county' },
    ceSubject: { zh: '县级单位代码', en: 'the county' },
    source: EventSources.intake,
    summary: { zh: '县每日点名结果：未报平安的网格员（不含电话）', en: 'A county’s daily roll call: the grid workers who had not checked in (no phones)' },
    data: checkInMissingDataSchema,
    personalData: ['missing[].username', 'missing[].name'],
    example: {
      county: '621102',
      day: '2026-12-07',
      dueAt: '2026-12-07T01:00:00.000Z',
      workers: 12,
      checkedIn: 11,
      missing: [{ username: 'grid.zhao', name: '赵六', grids: ['621102101201-04'] }],
      takenAt: '2026-12-07T01:00:05.000Z',
    },
  }),
  define({
    type: EventTypes.checkInRoster,
    aggregate: 'check-in',
    event: 'roster',
    orgUnit: GRID,
    ceSubject: GRID,
    source: EventSources.intake,
    summary: { zh: '网格绑定的登录账号（应报平安的人）变化', en: 'The logins bound to a grid (who is to check in there) changed' },
    data: checkInRosterDataSchema,
    personalData: ['usernames[]'],
    example: { gridCode: '621102101201-03', path: '/621100/621102/621102101/621102101201/621102101201-03/', usernames: ['grid.wang'], at: AT },
  }),
  define({
    type: EventTypes.orgUnitUpserted,
    aggregate: 'org-unit',
    event: 'upserted',
    orgUnit: { zh: '该单位自身代码', en: 'the unit itself' },
    ceSubject: { zh: '单位代码', en: 'the unit’s code' },
    source: EventSources.intake,
    summary: { zh: '组织机构新增或更名', en: 'An org unit added or renamed' },
    data: orgUnitUpsertedDataSchema,
    personalData: [],
    example: { code: '621102101', name: '东关街道', nameEn: 'Dongguan Subdistrict', level: 'township', parent: '621102', path: '/621100/621102/621102101/' },
  }),
  define({
    type: EventTypes.keyPersonRegistered,
    aggregate: 'key-person',
    event: 'registered',
    orgUnit: PERSON_UNIT,
    ceSubject: PERSON_ID,
    source: EventSources.keyPersons,
    summary: { zh: '列入重点人员（只含编号、单位、类别、风险等级）', en: 'A person put on the key-person register (ids, unit, category, risk level only)' },
    data: keyPersonRegisteredDataSchema,
    personalData: ['personId'],
    example: { personId: PERSON, orgUnit: '621102101', orgPath: '/621100/621102/621102101/', category: 'community-correction', riskLevel: 'medium', at: AT },
  }),
  define({
    type: EventTypes.keyPersonRiskChanged,
    aggregate: 'key-person',
    event: 'risk-changed',
    orgUnit: PERSON_UNIT,
    ceSubject: PERSON_ID,
    source: EventSources.keyPersons,
    summary: { zh: '风险等级调整', en: 'The risk level changed' },
    data: keyPersonRiskChangedDataSchema,
    personalData: ['personId'],
    example: { personId: PERSON, orgUnit: '621102101', from: 'medium', to: 'high', at: AT },
  }),
  define({
    type: EventTypes.keyPersonObligationPlanned,
    aggregate: 'key-person',
    event: 'obligation-planned',
    orgUnit: PERSON_UNIT,
    ceSubject: PERSON_ID,
    source: EventSources.keyPersons,
    summary: { zh: '管控义务（走访、评估、总结、日报）的新到期时间', en: 'A new due time for an obligation (contact, assessment, summary, daily report)' },
    data: obligationRefSchema,
    personalData: ['personId'],
    example: obligation,
  }),
  define({
    type: EventTypes.keyPersonObligationMet,
    aggregate: 'key-person',
    event: 'obligation-met',
    orgUnit: PERSON_UNIT,
    ceSubject: PERSON_ID,
    source: EventSources.keyPersons,
    summary: { zh: '管控义务完成（是否按时）', en: 'An obligation met (on time or not)' },
    data: keyPersonObligationMetDataSchema,
    personalData: ['personId'],
    example: { ...obligation, metAt: '2026-12-10T03:00:00.000Z', onTime: true },
  }),
  define({
    type: EventTypes.keyPersonWarning,
    aggregate: 'key-person',
    event: 'warning',
    orgUnit: PERSON_UNIT,
    ceSubject: PERSON_ID,
    source: EventSources.keyPersons,
    summary: { zh: '管控义务逾期预警（黄色；更晚为红色，列入领导督办）', en: 'An obligation missed: yellow, later red (the leader’s supervision list)' },
    data: keyPersonWarningDataSchema,
    personalData: ['personId'],
    example: { ...obligation, colour: 'yellow', at: '2026-12-15T16:00:00.000Z' },
  }),
  define({
    type: EventTypes.keyPersonRemoved,
    aggregate: 'key-person',
    event: 'removed',
    orgUnit: PERSON_UNIT,
    ceSubject: PERSON_ID,
    source: EventSources.keyPersons,
    summary: { zh: '移出重点人员名单', en: 'A person removed from the register' },
    data: keyPersonRemovedDataSchema,
    personalData: ['personId'],
    example: { personId: PERSON, orgUnit: '621102101', category: 'community-correction', at: AT },
  }),
];

/** Every event the services publish, case registration first, then the case steps, then the rest. */
export const EVENT_CATALOGUE: readonly EventDefinition[] = [others[0]!, ...caseSteps, ...others.slice(1)];

const BY_TYPE = new Map<string, EventDefinition>(EVENT_CATALOGUE.map((d) => [d.type, d]));

/** The catalogue's entry for a CloudEvents type, or undefined for a type no service publishes. */
export const eventDefinition = (type: string): EventDefinition | undefined => BY_TYPE.get(type);

/** The NATS subject pattern of an event, `fq.evt.{orgUnit}.<aggregate>.<event>` (an AsyncAPI channel address). */
export const subjectPattern = (d: Pick<EventDefinition, 'aggregate' | 'event'>) => `fq.evt.{orgUnit}.${d.aggregate}.${d.event}`;

function dropPath(value: unknown, path: readonly string[]): void {
  if (value === null || typeof value !== 'object' || !path.length) return;
  const [head, ...rest] = path as [string, ...string[]];
  if (head.endsWith('[]')) {
    const key = head.slice(0, -2);
    const list = (value as Record<string, unknown>)[key];
    if (!Array.isArray(list)) return;
    if (!rest.length) (value as Record<string, unknown>)[key] = [];
    else for (const item of list) dropPath(item, rest);
    return;
  }
  if (!rest.length) delete (value as Record<string, unknown>)[head];
  else dropPath((value as Record<string, unknown>)[head], rest);
}

/**
 * The event's data without its personal-data fields (a copy; the input is not changed). An array of
 * personal data (`usernames[]`) becomes empty. Data of a type the catalogue does not know is refused.
 */
export function redactPersonalData<T>(type: string, data: T): T {
  const d = eventDefinition(type);
  if (!d) throw new Error(`event type ${type} is not in the catalogue`);
  const copy = structuredClone(data);
  for (const p of d.personalData) dropPath(copy, p.split('.'));
  return copy;
}
