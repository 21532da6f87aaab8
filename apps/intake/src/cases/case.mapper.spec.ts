import { CaseEntity, CasePartyEntity, CaseTimelineEntity } from './case.entity';
import { toCaseView } from './case.mapper';
import { PiiProtector } from './pii-protector';

const ID_NUMBER = '11010519491231002X';
const PHONE = '13812345678';
const OFFSET_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/;

function caseEntity(overrides: Partial<CaseEntity> = {}): CaseEntity {
  return Object.assign(new CaseEntity(), {
    id: '5d6f1c9e-2b1a-4d7e-9c11-0a1b2c3d4e5f',
    caseNo: '621102101-2026-000001',
    kind: 'dispute',
    category: 'neighbour',
    severity: 'ordinary',
    channel: 'walk-in',
    title: '排水沟堵塞',
    description: '两户村民因排水沟堵塞发生争执。',
    status: 'first-contact',
    outcome: null,
    warning: 'green',
    orgUnit: '621102101',
    assignee: { id: 'u-1', name: 'clerk.621102101', role: 'clerk' },
    firstReplyDue: new Date(Date.UTC(2026, 10, 23, 9, 30)), // 17:30 China time
    mediationDue: null,
    jointHandlingDue: null,
    deadlinesProvisional: false,
    occurredAt: null,
    location: null,
    workflowId: 'dispute-621102101-2026-000001',
    registeredBy: 'u-1',
    createdAt: new Date(Date.UTC(2026, 10, 20, 16, 30)), // already 21 Nov in China
    updatedAt: new Date(Date.UTC(2026, 10, 20, 16, 30, 0, 250)),
    ...overrides,
  });
}

/** A party row as the service stores it: encrypted, blind-indexed and masked. */
function partyEntity(pii: PiiProtector, ordinal: number, role: string, name: string, idNumber?: string, phone?: string): CasePartyEntity {
  const id = idNumber ? pii.idNumber(idNumber) : undefined;
  const ph = phone ? pii.phone(phone) : undefined;
  return Object.assign(new CasePartyEntity(), {
    id: `p-${ordinal}`,
    caseId: 'c',
    ordinal,
    role,
    name,
    idNumberEnc: id?.enc ?? null,
    idNumberBidx: id?.bidx ?? null,
    idNumberMasked: id?.masked ?? null,
    phoneEnc: ph?.enc ?? null,
    phoneBidx: ph?.bidx ?? null,
    phoneMasked: ph?.masked ?? null,
  });
}

const timelineEntry = (at: Date): CaseTimelineEntity =>
  Object.assign(new CaseTimelineEntity(), { id: '1', caseId: 'c', at, type: 'registered', actor: 'clerk.621102101', detail: { channel: 'walk-in' } });

describe('toCaseView', () => {
  const pii = new PiiProtector();
  const applicant = () => partyEntity(pii, 0, 'applicant', '张三', ID_NUMBER, PHONE);

  it('sends personal data only masked: no plain value, ciphertext or blind index in the output', () => {
    const party = applicant();
    const view = toCaseView(caseEntity(), [party], []);
    expect(view.parties).toEqual([{ role: 'applicant', name: '张三', idNumber: '110105********002X', phone: '138****5678' }]);
    const json = JSON.stringify(view);
    for (const secret of [ID_NUMBER, PHONE, party.idNumberEnc, party.idNumberBidx, party.phoneEnc, party.phoneBidx]) {
      expect(json).not.toContain(secret);
    }
  });

  it('leaves out idNumber and phone for a party without them', () => {
    const view = toCaseView(caseEntity(), [partyEntity(pii, 0, 'respondent', '李四')], []);
    expect(view.parties).toEqual([{ role: 'respondent', name: '李四' }]);
  });

  it('orders parties by ordinal', () => {
    const view = toCaseView(caseEntity(), [partyEntity(pii, 2, 'third-party', '王五'), applicant(), partyEntity(pii, 1, 'respondent', '李四')], []);
    expect(view.parties.map((p) => p.name)).toEqual(['张三', '李四', '王五']);
  });

  it('formats every time in China time with +08:00', () => {
    const view = toCaseView(caseEntity(), [], [timelineEntry(new Date(Date.UTC(2026, 10, 20, 16, 30)))]);
    expect(view.createdAt).toBe('2026-11-21T00:30:00+08:00');
    expect(view.updatedAt).toBe('2026-11-21T00:30:00.250+08:00');
    expect(view.deadlines.firstReplyDue).toBe('2026-11-23T17:30:00+08:00');
    expect(view.timeline).toEqual([{ at: '2026-11-21T00:30:00+08:00', type: 'registered', by: 'clerk.621102101', detail: { channel: 'walk-in' } }]);
    for (const t of [view.createdAt, view.updatedAt, view.deadlines.firstReplyDue, view.timeline[0]?.at]) expect(t).toMatch(OFFSET_TIME);
  });

  it('keeps absent deadlines null and copies the case fields', () => {
    const view = toCaseView(caseEntity({ mediationDue: null, firstReplyDue: null, deadlinesProvisional: true }), [], []);
    expect(view.deadlines).toEqual({ firstReplyDue: null, mediationDue: null, jointHandlingDue: null, provisional: true });
    expect(view).toMatchObject({
      caseNo: '621102101-2026-000001',
      kind: 'dispute',
      status: 'first-contact',
      warning: 'green',
      orgUnit: '621102101',
      workflowId: 'dispute-621102101-2026-000001',
      assignee: { id: 'u-1', name: 'clerk.621102101', role: 'clerk' },
      outcome: null,
    });
  });
});
