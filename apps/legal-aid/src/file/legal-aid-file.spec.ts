import { LegalAidSteps } from '@fengqiao/contracts';
import { documentOfStep, toFileView, type StoredStep } from './legal-aid-file';
import { documentData } from '../documents/document-data';

const at = (n: number) => new Date(Date.UTC(2026, 11, 1 + n, 2)).toISOString();
const step = (seq: number, type: string, status: string, detail: Record<string, unknown> = {}): StoredStep => ({
  seq,
  type,
  status,
  actor: '法援专员',
  at: at(seq),
  orgUnit: '621102',
  detail,
});
const app = {
  caseId: 'c1',
  caseNo: '621102-2026-000001',
  orgUnit: '621102',
  status: 'closed',
  matter: 'labour',
  appliedAt: at(1),
  assessment: null,
};

describe('the legal-aid file (a fold over the steps)', () => {
  const steps = [
    step(1, LegalAidSteps.applied, 'legal-aid-review', { matter: 'labour' }),
    step(2, LegalAidSteps.materialsRequested, 'awaiting-materials', { missing: ['劳动合同', '工资流水'] }),
    step(3, LegalAidSteps.materialsSupplied, 'legal-aid-review', { items: ['劳动合同', '工资流水'] }),
    step(4, LegalAidSteps.refused, 'refused', { reasons: ['经济状况不符合'], text: '不予援助。' }),
    step(5, LegalAidSteps.objected, 'objection', { reason: '收入计算有误' }),
    step(6, LegalAidSteps.objectionDecided, 'assignment', { decision: 'corrected' }),
    step(7, LegalAidSteps.assigned, 'aid', { providerId: 'p1', providerName: '张明', organisation: '法援中心', reason: '专长：劳动报酬' }),
    step(8, LegalAidSteps.courtFiled, 'aid', { court: '安定区人民法院', courtCaseNo: '(2026)甘1102民初1号', filedOn: '2026-12-10' }),
    step(9, LegalAidSteps.matterEnded, 'closure-filing', { result: 'mediated', endedOn: '2026-12-11' }),
    step(10, LegalAidSteps.closureFiled, 'quality-review', { summary: '调解结案', materials: ['调解书'] }),
    step(11, LegalAidSteps.qualityReviewed, 'awaiting-feedback', { grade: 'good' }),
    step(12, LegalAidSteps.rated, 'closed', { score: 5 }),
  ];

  it('derives every part of the file, whatever order the steps arrive in', () => {
    const view = toFileView(app, [...steps].reverse(), [{ kind: 'refusal-decision', seq: 4, issuedAt: at(4) }]);
    expect(view).toMatchObject({
      materialRequest: { missing: ['劳动合同', '工资流水'], at: at(2), suppliedAt: at(3) },
      decision: { granted: false, reasons: ['经济状况不符合'], text: '不予援助。', at: at(4) },
      objection: { reason: '收入计算有误', decision: 'corrected', decidedAt: at(6) },
      assignment: { providerId: 'p1', providerName: '张明', organisation: '法援中心', reason: '专长：劳动报酬', at: at(7) },
      court: { court: '安定区人民法院', filedOn: '2026-12-10' },
      closure: { result: 'mediated', endedOn: '2026-12-11', filedAt: at(10), summary: '调解结案', materials: ['调解书'] },
      quality: { grade: 'good', note: null },
      rating: 5,
      termination: null,
      advanceAid: null,
    });
    expect(view.steps.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('a later grant replaces the refusal; a rating out of range is ignored', () => {
    const view = toFileView(
      app,
      [step(1, LegalAidSteps.refused, 'refused', { reasons: ['x'] }), step(2, LegalAidSteps.granted, 'assignment'), step(3, 'rated', 'closed', { score: 9 })],
      [],
    );
    expect(view.decision).toMatchObject({ granted: true, reasons: [], at: at(2) });
    expect(view.rating).toBeNull();
  });

  it('names the document each deciding step issues, and none for the others', () => {
    expect(
      [LegalAidSteps.granted, LegalAidSteps.refused, LegalAidSteps.materialsRequested, LegalAidSteps.assigned, LegalAidSteps.courtFiled].map(documentOfStep),
    ).toEqual(['grant-decision', 'refusal-decision', 'material-request', 'assignment-letter', undefined]);
  });
});

describe('documentData', () => {
  const base = { caseNo: app.caseNo, issuer: '安定区法律援助中心', matter: 'labour', appliedAt: at(1), firstStepAt: at(0) };

  it('lists the refusal reasons and the missing materials as the items; the officer text after', () => {
    expect(documentData(step(4, LegalAidSteps.refused, 'refused', { reasons: ['a', 'b'], text: 't' }), base)).toMatchObject({ items: ['a', 'b'], text: 't' });
    expect(documentData(step(2, LegalAidSteps.materialsRequested, 'awaiting-materials', { missing: ['m1'], message: '请于十日内补充' }), base)).toMatchObject({
      items: ['m1'],
      text: '请于十日内补充',
    });
  });

  it('takes the provider from the step, else from the assignment; neutral wording when the step says nothing', () => {
    const fromStep = documentData(step(7, LegalAidSteps.assigned, 'aid', { providerName: '张明', organisation: '法援中心' }), base);
    expect(fromStep.provider).toEqual({ name: '张明', organisation: '法援中心' });
    const fromRow = documentData(step(7, LegalAidSteps.assigned, 'aid'), {
      ...base,
      provider: { name: '王丽华', organisation: '陇原所', type: 'firm-lawyer' },
    });
    expect(fromRow.provider).toEqual({ name: '王丽华', organisation: '陇原所', type: 'firm-lawyer' });
    expect(documentData(step(3, LegalAidSteps.granted, 'assignment'), { ...base, matter: null, appliedAt: null })).toMatchObject({
      applicant: '申请人',
      matter: '法律援助事项',
      appliedAt: at(0),
      issuedAt: at(3),
    });
  });
});
