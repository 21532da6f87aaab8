import { assignmentReason, chooseProvider, isConflicted, type Candidate, type CaseParties, type PastAssignment } from './provider-choice';

const provider = (id: string, o: Partial<Candidate> = {}): Candidate => ({
  id,
  name: `律师${id}`,
  type: 'firm-lawyer',
  organisation: '陇原律师事务所',
  specialities: ['labour'],
  orgUnit: '621102',
  capacity: 5,
  username: null,
  active: true,
  load: 0,
  ...o,
});
const parties: CaseParties = { caseId: 'case-now', applicantKeys: ['k-applicant'], opponentKeys: ['k-employer'], linkedCaseIds: ['case-linked'] };
const chain = ['621102101', '621102', '621100', '620000'];
const choose = (candidates: Candidate[], history: PastAssignment[] = [], matter: string | null = 'labour') =>
  chooseProvider(candidates, { matter, unitAndAncestors: chain, parties, history })?.id;

describe('isConflicted', () => {
  it('refuses a provider who acted for an opponent of this case, in any earlier case', () => {
    expect(isConflicted('p1', parties, [{ caseId: 'case-old', providerId: 'p1', clientKeys: ['k-employer'] }])).toBe(true);
    expect(isConflicted('p2', parties, [{ caseId: 'case-old', providerId: 'p1', clientKeys: ['k-employer'] }])).toBe(false);
  });

  it('refuses a provider on a linked case for someone other than this applicant, not one who acted for the applicant there', () => {
    expect(isConflicted('p1', parties, [{ caseId: 'case-linked', providerId: 'p1', clientKeys: ['k-someone'] }])).toBe(true);
    expect(isConflicted('p1', parties, [{ caseId: 'case-linked', providerId: 'p1', clientKeys: ['k-applicant'] }])).toBe(false);
    // The same stranger on an unlinked case is no conflict.
    expect(isConflicted('p1', parties, [{ caseId: 'case-other', providerId: 'p1', clientKeys: ['k-someone'] }])).toBe(false);
  });

  it("ignores the case's own earlier assignment (a reassignment)", () => {
    expect(isConflicted('p1', { ...parties, linkedCaseIds: ['case-now'] }, [{ caseId: 'case-now', providerId: 'p1', clientKeys: ['k-employer'] }])).toBe(false);
  });
});

describe('chooseProvider', () => {
  it('takes only the speciality of the matter, and any speciality when the matter is unknown', () => {
    const family = provider('a', { specialities: ['maintenance'] });
    const labour = provider('b', { load: 3 });
    expect(choose([family, labour])).toBe('b');
    expect(choose([family, labour], [], null)).toBe('a');
  });

  it("takes only the case's unit or an ancestor: not a sibling township, not a village below", () => {
    expect(choose([provider('a', { orgUnit: '621102102' }), provider('b', { orgUnit: '621102101201' })])).toBeUndefined();
    expect(choose([provider('a', { orgUnit: '621102102' }), provider('c', { orgUnit: '620000', load: 4 })])).toBe('c');
  });

  it('takes the least load, then the name; never a full, inactive or conflicted one', () => {
    expect(choose([provider('a', { load: 2 }), provider('b', { load: 1 }), provider('c', { load: 1, name: '律师0' })])).toBe('c');
    expect(choose([provider('a', { load: 5 }), provider('b', { active: false }), provider('c', { load: 4 })])).toBe('c');
    expect(choose([provider('a'), provider('b', { load: 1 })], [{ caseId: 'case-old', providerId: 'a', clientKeys: ['k-employer'] }])).toBe('b');
  });

  it('a tie of load and name goes to the smaller id, so the same roster always gives the same choice', () => {
    expect(choose([provider('b', { name: '同名' }), provider('a', { name: '同名' })])).toBe('a');
  });
});

describe('assignmentReason', () => {
  it('says speciality, unit and load, and marks a named provider', () => {
    expect(assignmentReason(provider('a', { load: 1 }), 'labour', false)).toBe('专长：请求确认劳动关系或者支付劳动报酬；所在单位：621102；在办 1/5');
    expect(assignmentReason(provider('a'), null, true)).toBe('指定承办；专长：不限；所在单位：621102；在办 0/5');
  });
});
