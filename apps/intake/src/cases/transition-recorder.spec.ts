import { stepEventId } from './transition-recorder';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('stepEventId', () => {
  const caseId = '8b8ddc28-4e33-4746-9ed0-fbb44c25a3ef';

  it('is a UUID (the outbox id column and CloudEvent consumers expect one)', () => {
    expect(stepEventId(caseId, 1)).toMatch(UUID);
  });

  it('is the same for the same step, so a retried activity cannot publish a second event', () => {
    expect(stepEventId(caseId, 7)).toBe(stepEventId(caseId, 7));
  });

  it('differs between steps and between cases', () => {
    const ids = new Set([stepEventId(caseId, 1), stepEventId(caseId, 2), stepEventId('0f4c1d8e-0000-4000-8000-000000000000', 1)]);
    expect(ids.size).toBe(3);
  });
});
