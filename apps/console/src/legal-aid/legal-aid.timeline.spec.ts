import type { CaseView, TimelineEntry } from '../api/api.types';
import { fileFromTimeline } from './legal-aid.timeline';

const step = (type: string, at: string, detail: Record<string, unknown> = {}): TimelineEntry => ({
  type,
  at: `2026-12-0${at}:00+08:00`,
  by: 'legal-aid.621102',
  detail,
});
const kase = (timeline: TimelineEntry[], status = 'legal-aid-review') =>
  ({ id: 'c1', caseNo: '621102-2026-000001', orgUnit: '621102', status, rating: null, timeline }) as unknown as CaseView;

describe("the applicant's view of the legal-aid file, from the case's steps", () => {
  it('shows nothing applied before the facts are given', () => {
    const f = fileFromTimeline(kase([step('routed', '1T09:00')], 'application'));
    expect(f).toMatchObject({ appliedAt: null, matter: null, assessment: null, materialRequest: null, decision: null, assignment: null });
  });

  it('lists the missing materials, and marks them supplied only by a later step', () => {
    const applied = step('legal-aid-applied', '1T09:00', { matter: 'labour', assessment: { outcome: 'eligible', economic: 'passed' }, advanceAidGrounds: [] });
    const asked = step('legal-aid-materials-requested', '2T10:00', { missing: ['身份证复印件', '劳动合同，或工资条'] });
    const open = fileFromTimeline(kase([applied, asked], 'awaiting-materials'));
    expect(open.matter).toBe('labour');
    expect(open.assessment).toMatchObject({ outcome: 'eligible', economic: 'passed', rules: [] });
    expect(open.materialRequest).toMatchObject({ missing: ['身份证复印件', '劳动合同，或工资条'], suppliedAt: null });
    const done = fileFromTimeline(kase([applied, asked, step('legal-aid-materials-supplied', '3T08:00', { items: ['身份证复印件'] })]));
    expect(done.materialRequest?.suppliedAt).toBe('2026-12-03T08:00:00+08:00');
  });

  it('gives a refusal with its reasons and text, and a grant, the provider and the end as they happened', () => {
    const refused = fileFromTimeline(
      kase(
        [
          step('legal-aid-applied', '1T09:00', { matter: 'maintenance' }),
          step('legal-aid-refused', '2T09:00', { reasons: ['收入高于标准'], text: '决定不予法律援助' }),
        ],
        'refused',
      ),
    );
    expect(refused.decision).toMatchObject({ granted: false, reasons: ['收入高于标准'], text: '决定不予法律援助' });

    const aided = fileFromTimeline(
      kase(
        [
          step('legal-aid-applied', '1T09:00', { matter: 'labour' }),
          step('legal-aid-granted', '2T09:00', { note: '符合条件' }),
          step('legal-aid-assigned', '2T10:00', { providerName: '李律师', organisation: '甘肃某律师事务所', reason: '专长：劳动报酬' }),
          step('legal-aid-matter-ended', '4T09:00', { result: 'mediated', endedOn: '2026-12-04' }),
          step('legal-aid-closure-filed', '5T09:00', { summary: '调解结案', materials: ['调解协议书'] }),
          step('legal-aid-quality-reviewed', '6T09:00', { grade: 'good' }),
        ],
        'awaiting-feedback',
      ),
    );
    expect(aided.decision).toMatchObject({ granted: true, reasons: [], text: '符合条件' });
    expect(aided.assignment).toMatchObject({ providerName: '李律师', organisation: '甘肃某律师事务所', reason: '专长：劳动报酬' });
    expect(aided.closure).toMatchObject({ result: 'mediated', endedOn: '2026-12-04', summary: '调解结案', materials: ['调解协议书'] });
    expect(aided.quality).toMatchObject({ grade: 'good' });
    expect(aided.documents).toEqual([]);
  });

  it('takes the later decision when an objection corrected a refusal', () => {
    const f = fileFromTimeline(
      kase([
        step('legal-aid-refused', '2T09:00', { reasons: ['x'], text: 't' }),
        step('legal-aid-objected', '3T09:00', { reason: '不服' }),
        step('legal-aid-objection-decided', '4T09:00', { decision: 'corrected' }),
        step('legal-aid-granted', '4T10:00'),
      ]),
    );
    expect(f.decision?.granted).toBe(true);
    expect(f.objection).toMatchObject({ reason: '不服', decision: 'corrected' });
  });
});
