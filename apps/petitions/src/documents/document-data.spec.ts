import { PetitionSteps } from '@fengqiao/contracts';
import { petitionDocument } from '@fengqiao/documents';
import { derivePetition, type StoredStep } from '../file/petition-file';
import { documentData, petitionerOf } from './document-data';

const at = '2026-12-04T02:00:00.000Z';
const registered: StoredStep = {
  seq: 1,
  type: PetitionSteps.forwarded,
  actor: '刘信访',
  at: '2026-12-01T02:00:00.000Z',
  status: 'forwarded',
  orgUnit: '621102',
  detail: { title: '宅基地纠纷信访', petitioner: '王建国', registeredAt: '2026-11-30T01:00:00.000Z' },
};

describe('documentData', () => {
  it("takes the step's own words first, then the registration's facts from earlier steps", () => {
    const reply: StoredStep = { ...registered, seq: 2, type: PetitionSteps.replied, at, detail: { text: '经核查，维持原处理。', issuer: '安定区信访局' } };
    const steps = [registered, reply];
    const d = documentData(reply, derivePetition(steps), {
      caseNo: '621102-2026-000001',
      issuer: '信访工作机构',
      firstStepAt: registered.at,
      petitioner: petitionerOf(steps),
    });
    expect(d).toEqual({
      caseNo: '621102-2026-000001',
      title: '宅基地纠纷信访',
      petitioner: '王建国',
      registeredAt: '2026-11-30T01:00:00.000Z',
      issuer: '安定区信访局',
      issuedAt: at,
      text: '经核查，维持原处理。',
    });
    expect(petitionDocument('reply', d).paragraphs.join('')).toContain('经核查，维持原处理。');
  });

  it('a bare step still gives a valid notice, in neutral words and the deployment’s issuer', () => {
    const bare: StoredStep = { ...registered, type: PetitionSteps.notAccepted, detail: { reason: 'litigation' } };
    const d = documentData(bare, derivePetition([bare]), { caseNo: 'X-1', issuer: '信访工作机构', firstStepAt: bare.at });
    expect(d).toMatchObject({ title: '信访事项', petitioner: '信访人', registeredAt: bare.at, issuer: '信访工作机构', reason: 'litigation' });
    expect(petitionDocument('non-acceptance-notice', d).paragraphs.join('')).toContain('人民法院');
  });
});
