import { CURRENT_ASSESSMENT_FORM, scoreAssessment } from '@fengqiao/rules';
import { contactSchema, keyPersonCreateSchema, type KeyPersonTaskView } from '@fengqiao/contracts';
import { en, zh } from '../i18n/dictionary';
import {
  assessmentAnswers,
  assessmentPreview,
  beijingLocalNow,
  contactBody,
  createBody,
  dailyReportBody,
  fill,
  keyPersonPowers,
  periodDaysSoFar,
  taskGroups,
} from './key-persons.helpers';
import { KEY_PERSON_CODES, KEY_PERSONS_EN, KEY_PERSONS_ZH, kpCode } from './key-persons.words';

const task = (
  personId: string,
  bucket: KeyPersonTaskView['bucket'],
  dueAt: string,
  obligation: KeyPersonTaskView['obligation'] = 'contact',
): KeyPersonTaskView => ({
  personId,
  nameMasked: '张*',
  riskLevel: 'medium',
  orgUnit: '621102101',
  obligation,
  dueAt,
  colour: bucket === 'overdue' ? 'red' : 'green',
  bucket,
  ...(obligation === 'daily-report' ? { periodId: '00000000-0000-4000-8000-000000000001', day: dueAt.slice(0, 10) } : {}),
});

describe('who does what on the register (libs/rules role lists)', () => {
  it('gives the officer the register, the leader decisions too, a grid worker only tasks, an admin only counts', () => {
    expect(keyPersonPowers(['key-person-officer'])).toEqual({ readRegister: true, keep: true, decide: false, tasks: true, stats: true });
    expect(keyPersonPowers(['leader'])).toMatchObject({ readRegister: true, keep: true, decide: true });
    expect(keyPersonPowers(['grid-worker'])).toEqual({ readRegister: false, keep: false, decide: false, tasks: true, stats: false });
    expect(keyPersonPowers(['admin'])).toEqual({ readRegister: false, keep: false, decide: false, tasks: false, stats: true });
    expect(keyPersonPowers(['resident'])).toEqual({ readRegister: false, keep: false, decide: false, tasks: false, stats: false });
  });
});

describe('the task list', () => {
  it('puts overdue first, daily reports in their own group, each group most urgent first', () => {
    const g = taskGroups([
      task('b', 'week', '2026-10-05T01:00:00Z'),
      task('a', 'today', '2026-10-02T09:00:00Z'),
      task('c', 'overdue', '2026-09-30T01:00:00Z'),
      task('d', 'today', '2026-10-02T15:59:00Z', 'daily-report'),
      task('e', 'overdue', '2026-09-29T01:00:00Z', 'daily-report'),
      task('f', 'week', '2026-10-03T01:00:00Z'),
      task('g', 'later', '2026-12-01T01:00:00Z', 'assessment'),
    ]);
    expect(g.overdue.map((t) => t.personId)).toEqual(['e', 'c']);
    expect(g.today.map((t) => t.personId)).toEqual(['a']);
    expect(g.week.map((t) => t.personId)).toEqual(['f', 'b']);
    expect(g.special.map((t) => t.personId)).toEqual(['d']);
    expect(g.later.map((t) => t.personId)).toEqual(['g']);
  });
});

describe('a contact', () => {
  const now = Date.parse('2026-10-02T06:00:00Z'); // 14:00 in Beijing

  it('sends Beijing wall time as an instant, the place only when given, in the schema the API checks', () => {
    const r = contactBody({ kind: 'visit', at: '2026-10-02T13:30', place: '  ', note: ' 入户走访，情绪平稳 ' }, now);
    expect(r).toEqual({ body: { kind: 'visit', at: '2026-10-02T13:30:00+08:00', note: '入户走访，情绪平稳' } });
    expect(contactSchema.safeParse((r as { body: unknown }).body).success).toBe(true);
  });

  it('refuses a time in the future (beyond five minutes of clock skew) on the field', () => {
    expect(contactBody({ kind: 'meeting', at: '2026-10-02T14:10', note: 'x' }, now)).toEqual({ error: { field: 'at', key: 'kpContactFuture' } });
    expect('body' in contactBody({ kind: 'meeting', at: '2026-10-02T14:04', note: 'x' }, now)).toBe(true);
  });

  it('fills the form with now in Beijing', () => {
    expect(beijingLocalNow(now)).toBe('2026-10-02T14:00');
  });
});

describe('adding a person', () => {
  it('trims, drops empty optionals and half-filled rows, and passes the contract schema', () => {
    const body = createBody({
      name: ' 王某某 ',
      idNumber: '62110219800412331x',
      phone: '',
      address: ' ',
      description: '长期信访，诉求为土地补偿',
      category: 'long-term-petitioner',
      riskLevel: 'medium',
      orgUnit: '621102101',
      reason: '多次越级信访',
      responsible: [{ username: 'grid.621102101201', role: 'grid-worker' }, { role: 'police' }, undefined],
      measures: [
        { kind: 'help', text: '协调低保申请' },
        { kind: 'control', text: ' ' },
      ],
    });
    expect(body).toEqual({
      name: '王某某',
      idNumber: '62110219800412331X',
      description: '长期信访，诉求为土地补偿',
      category: 'long-term-petitioner',
      riskLevel: 'medium',
      orgUnit: '621102101',
      reason: '多次越级信访',
      responsible: [{ username: 'grid.621102101201', role: 'grid-worker' }],
      measures: [{ kind: 'help', text: '协调低保申请' }],
    });
    expect(keyPersonCreateSchema.safeParse(body).success).toBe(true);
  });
});

describe('the assessment form', () => {
  const f = CURRENT_ASSESSMENT_FORM;
  const all = (pick: (i: number) => number) => Object.fromEntries(f.questions.map((q, i) => [q.id, q.options[pick(i)]!.id]));

  it('previews the same score and level the rules compute', () => {
    for (const pick of [() => 0, () => 1, () => 2, (i: number) => i % 3]) {
      const answers = all(pick);
      const rules = scoreAssessment(f.version, answers);
      const preview = assessmentPreview(f, answers);
      expect(rules.ok).toBe(true);
      if (rules.ok) expect(preview).toEqual({ complete: true, score: rules.score, proposedLevel: rules.proposedLevel });
    }
  });

  it('counts what is unanswered, and sends only answered questions of the form', () => {
    const answers: Record<string, string | undefined> = { ...all(() => 2), [f.questions[0]!.id]: undefined, stray: 'x' };
    const p = assessmentPreview(f, answers);
    expect(p).toMatchObject({ complete: false, unanswered: [f.questions[0]!.id] });
    const sent = assessmentAnswers(f, answers);
    expect(Object.keys(sent).sort()).toEqual(
      f.questions
        .slice(1)
        .map((q) => q.id)
        .sort(),
    );
    // The service then names the missing question: ASSESSMENT_INCOMPLETE with its field error.
    const rules = scoreAssessment(f.version, sent);
    expect(rules.ok ? [] : rules.errors.map((e) => e.path)).toEqual([`answers.${f.questions[0]!.id}`]);
  });
});

describe('special periods', () => {
  it('offers the days from the start up to today (Beijing), latest first', () => {
    const now = Date.parse('2026-10-02T17:00:00Z'); // already 10-03 in Beijing
    expect(periodDaysSoFar({ startsOn: '2026-09-30', endsOn: '2026-10-07' }, now)).toEqual(['2026-10-03', '2026-10-02', '2026-10-01', '2026-09-30']);
    expect(periodDaysSoFar({ startsOn: '2026-10-05', endsOn: '2026-10-07' }, now)).toEqual([]);
  });

  it('builds the daily report for the task’s period and day', () => {
    expect(dailyReportBody({ periodId: 'p', day: '2026-10-01' }, { note: ' 在家，稳定 ' })).toEqual({
      periodId: 'p',
      day: '2026-10-01',
      status: 'stable',
      note: '在家，稳定',
    });
  });
});

describe('the words', () => {
  it('has every key-person word in both languages, merged into the dictionary', () => {
    expect(Object.keys(KEY_PERSONS_EN).sort()).toEqual(Object.keys(KEY_PERSONS_ZH).sort());
    for (const k of Object.keys(KEY_PERSONS_ZH) as Array<keyof typeof KEY_PERSONS_ZH>) {
      expect(zh[k]).toBe(KEY_PERSONS_ZH[k]);
      expect(en[k]).toBe(KEY_PERSONS_EN[k]);
    }
  });

  it('names every code of the contracts, and shows an unknown one as it is', () => {
    expect(kpCode('risk', 'high', 'zh')).toBe('高');
    expect(kpCode('obligation', 'daily-report', 'en')).toBe('Daily report');
    expect(kpCode('risk', 'extreme', 'en')).toBe('extreme');
    expect(kpCode('status', null, 'zh')).toBe('—');
    for (const names of Object.values(KEY_PERSON_CODES)) for (const [zhName, enName] of Object.values(names)) expect(zhName && enName).toBeTruthy();
  });

  it('fills placeholders', () => {
    expect(fill('还有 {n} 项未回答', { n: 2 })).toBe('还有 2 项未回答');
    expect(fill('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});
