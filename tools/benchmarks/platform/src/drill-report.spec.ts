import { compare, table, type Snapshot } from './drill-report';

const clean: Snapshot = {
  unsettled: '',
  audit: { ok: true, count: 3, lastSeq: 3, lastHash: 'abc' },
  cases: {
    c1: { id: 'c1', status: 'closed', timeline: [{ type: 'registered' }, { type: 'closed' }] },
    c2: { id: 'c2', status: 'first-contact', timeline: [{ type: 'registered' }] },
  },
  listed: { c1: 1, c2: 1 },
  workflows: { w1: { runs: 1, status: 'COMPLETED' }, w2: { runs: 1, status: 'RUNNING' } },
  stats: { district: { received: 2 }, town: { received: 2 } },
  streams: { FQ_EVENTS_t1: { messages: 5, lastSeq: 5, consumers: { insights: 5 } } },
  reconciliation: {
    acknowledged: 2,
    lost: 0,
    duplicated: 0,
    unacknowledged: 0,
    workflowsMissing: 0,
    workflowsDuplicated: 0,
    eventsMissing: 0,
    eventsDuplicated: 0,
    ok: true,
  },
};

const ids = ['c1', 'c2'];
const differing = (after: Snapshot) =>
  compare(ids, clean, after)
    .filter((r) => !r.ok)
    .map((r) => r.check);

describe('comparing the drill before and after the restore', () => {
  it('finds nothing when the restore gave everything back', () => {
    expect(differing(structuredClone(clean))).toEqual([]);
  });

  it('finds a timeline that lost an entry', () => {
    const after = structuredClone(clean);
    after.cases['c1'] = { id: 'c1', status: 'closed', timeline: [{ type: 'registered' }] };
    expect(differing(after)).toEqual(['case and timeline identical']);
  });

  it('finds a case missing from the list, or listed twice', () => {
    expect(differing({ ...structuredClone(clean), listed: { c1: 1 } })).toEqual(['cases, each listed once']);
    expect(differing({ ...structuredClone(clean), listed: { c1: 1, c2: 2 } })).toEqual(['cases, each listed once']);
  });

  it('finds an audit chain that is broken, shorter or with another head', () => {
    expect(differing({ ...structuredClone(clean), audit: { ...clean.audit, ok: false } })).toEqual(['audit chain verified']);
    expect(differing({ ...structuredClone(clean), audit: { ok: true, count: 2, lastSeq: 2, lastHash: 'abd' } })).toEqual(['audit chain verified']);
  });

  it('finds a workflow gone, run twice, or in another state', () => {
    expect(differing({ ...structuredClone(clean), workflows: { ...clean.workflows, w2: { runs: 0, status: 'NOT FOUND' } } })).toEqual([
      'workflows, one run each',
    ]);
    expect(differing({ ...structuredClone(clean), workflows: { ...clean.workflows, w2: { runs: 2, status: 'RUNNING' } } })).toEqual([
      'workflows, one run each',
    ]);
  });

  it('finds other statistics, a stream without its messages, a consumer at another position', () => {
    expect(differing({ ...structuredClone(clean), stats: { district: { received: 4 }, town: { received: 2 } } })).toEqual(['statistics (district, town)']);
    expect(differing({ ...structuredClone(clean), streams: { FQ_EVENTS_t1: { messages: 0, lastSeq: 0, consumers: {} } } })).toEqual(['JetStream streams']);
    expect(differing({ ...structuredClone(clean), streams: { FQ_EVENTS_t1: { messages: 5, lastSeq: 5, consumers: { insights: 0 } } } })).toEqual([
      'JetStream streams',
    ]);
  });

  it('finds a platform that never settled, and a failed reconciliation', () => {
    expect(differing({ ...structuredClone(clean), unsettled: 'workflow w2 not found' })).toEqual(['nothing in flight']);
    expect(differing({ ...structuredClone(clean), reconciliation: { ...clean.reconciliation, eventsMissing: 1, ok: false } })).toEqual(['reconciliation']);
  });

  it('prints one line per check with its verdict', () => {
    const text = table(compare(ids, clean, { ...structuredClone(clean), stats: {} as Snapshot['stats'] }));
    expect(text.split('\n')).toHaveLength(1 + 8);
    expect(text).toMatch(/statistics \(district, town\).*DIFFERENT/);
    expect(text).toMatch(/audit chain verified.*intact, 3 entries, head 3:abc.*ok/);
  });
});
