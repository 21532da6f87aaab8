import { CASE_STEP_TYPES, caseEventType, EventTypes, keyPersonEventType } from './event-types';
import { EVENT_CATALOGUE, eventDefinition, redactPersonalData, subjectPattern } from './catalogue';
import { KeyPersonEvents } from '../../key-persons/supervision';

describe('event catalogue', () => {
  it('names each type once, with a bilingual summary', () => {
    const types = EVENT_CATALOGUE.map((d) => d.type);
    expect(new Set(types).size).toBe(types.length);
    for (const d of EVENT_CATALOGUE) {
      expect(d.summary.zh).toMatch(/\p{Script=Han}/u);
      expect(d.summary.en).toMatch(/[A-Za-z]/);
    }
  });

  it('has an entry for every named type, every case step and every key-person event', () => {
    for (const t of Object.values(EventTypes)) expect(eventDefinition(t)).toBeDefined();
    for (const s of CASE_STEP_TYPES) expect(eventDefinition(caseEventType(s))?.event).toBe(s);
    for (const e of Object.values(KeyPersonEvents)) expect(eventDefinition(keyPersonEventType(e))?.event).toBe(e);
    expect(eventDefinition('cn.fengqiao.case.nothing.v1')).toBeUndefined();
  });

  it.each(EVENT_CATALOGUE.map((d) => [d.type, d] as const))('%s: its example is valid data and names its personal-data fields', (_t, d) => {
    expect(d.data.safeParse(d.example).error?.issues).toBeUndefined();
    expect(subjectPattern(d)).toBe(`fq.evt.{orgUnit}.${d.aggregate}.${d.event}`);
    // Every personal-data path names a field of the example's shape (arrays by their elements).
    for (const p of d.personalData) {
      const [head] = p.split('.');
      expect(Object.keys(d.example as object)).toContain(head!.replace(/\[\]$/, ''));
    }
  });

  it('redacts personal data from a copy', () => {
    const missing = eventDefinition(EventTypes.checkInMissing)!;
    const redacted = redactPersonalData(missing.type, missing.example) as { missing: Array<Record<string, unknown>> };
    expect(redacted.missing[0]).toEqual({ grids: ['621102101201-04'] });
    expect((missing.example as { missing: Array<Record<string, unknown>> }).missing[0]!['name']).toBe('赵六');
    const roster = eventDefinition(EventTypes.checkInRoster)!;
    expect(redactPersonalData(roster.type, roster.example)).toMatchObject({ usernames: [] });
    const step = eventDefinition(caseEventType('replied'))!;
    expect(redactPersonalData(step.type, step.example)).not.toHaveProperty('actor');
    expect(redactPersonalData(step.type, step.example)).not.toHaveProperty('detail');
    expect(() => redactPersonalData('cn.fengqiao.case.nothing.v1', {})).toThrow(/not in the catalogue/);
  });
});
