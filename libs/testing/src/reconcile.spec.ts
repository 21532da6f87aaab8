import { reconcile, type Acknowledged } from './reconcile';

const acked: Acknowledged[] = [
  { key: 'k1', caseId: 'c1', workflowId: 'w1' },
  { key: 'k2', caseId: 'c2', workflowId: 'w2' },
  { key: 'k3', caseId: 'c3', workflowId: 'w3' },
];

const clean = {
  stored: [
    { caseId: 'c1', key: 'k1' },
    { caseId: 'c2', key: 'k2' },
    { caseId: 'c3', key: 'k3' },
  ],
  workflowRuns: ['w1', 'w2', 'w3'],
  events: ['c1', 'c2', 'c3'],
};

describe('reconciling acknowledged registrations', () => {
  it('is clean when every case is stored once with one workflow run and one event', () => {
    expect(reconcile(acked, clean)).toEqual({
      acknowledged: 3,
      lost: 0,
      duplicated: 0,
      unacknowledged: 0,
      workflowsMissing: 0,
      workflowsDuplicated: 0,
      eventsMissing: 0,
      eventsDuplicated: 0,
      ok: true,
    });
  });

  it('counts a lost case, a key stored twice, a missing and a doubled workflow, a missing and a doubled event', () => {
    const r = reconcile(acked, {
      stored: [
        { caseId: 'c1', key: 'k1' },
        { caseId: 'c9', key: 'k1' },
        { caseId: 'c3', key: 'k3' },
      ],
      workflowRuns: ['w1', 'w1', 'w3', 'other'],
      events: ['c1', 'c3', 'c3'],
    });
    expect(r).toMatchObject({
      lost: 1,
      duplicated: 1,
      unacknowledged: 1,
      workflowsMissing: 1,
      workflowsDuplicated: 1,
      eventsMissing: 1,
      eventsDuplicated: 1,
      ok: false,
    });
  });

  it('reports rows without a 201 (a timed-out request that stored) without failing the run', () => {
    const r = reconcile(acked, { ...clean, stored: [...clean.stored, { caseId: 'c4', key: 'k4' }, { caseId: 'c5', key: null }] });
    expect(r).toMatchObject({ unacknowledged: 2, ok: true });
  });

  it('fails a case stored in two rows under its key', () => {
    expect(reconcile(acked, { ...clean, stored: [...clean.stored, { caseId: 'c2', key: 'k2' }] })).toMatchObject({ duplicated: 1, ok: false });
  });
});
