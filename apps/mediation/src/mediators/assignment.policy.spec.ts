import { pickMediator, type MediatorCandidate } from './assignment.policy';

const m = (id: string, o: Partial<MediatorCandidate> = {}): MediatorCandidate => ({
  id,
  teams: ['labour'],
  capacity: 5,
  load: 0,
  lastAssignedAt: null,
  ...o,
});
const at = (iso: string) => new Date(iso);

describe('pickMediator', () => {
  it('takes the least-loaded specialist of the team', () => {
    const pick = pickMediator([m('a', { load: 3 }), m('b', { load: 1 }), m('c', { load: 2 })], 'labour');
    expect(pick).toEqual({ mediator: expect.objectContaining({ id: 'b' }), team: 'labour' });
  });

  it('prefers a specialist even when a general mediator has less work', () => {
    const pick = pickMediator([m('g', { teams: ['general'], load: 0 }), m('s', { load: 4 })], 'labour');
    expect(pick?.mediator.id).toBe('s');
  });

  it('falls back to the general team, then to anyone at the centre, when specialists are full or missing', () => {
    const full = m('s', { load: 5 });
    expect(pickMediator([full, m('g', { teams: ['general'] }), m('t', { teams: ['traffic'] })], 'labour')).toEqual({
      mediator: expect.objectContaining({ id: 'g' }),
      team: 'general',
    });
    expect(pickMediator([full, m('t', { teams: ['traffic', 'land'] })], 'labour')).toEqual({
      mediator: expect.objectContaining({ id: 't' }),
      team: 'traffic',
    });
  });

  it('returns nothing when everyone is at capacity', () => {
    expect(pickMediator([m('a', { load: 5 }), m('b', { capacity: 1, load: 1, teams: ['general'] })], 'labour')).toBeUndefined();
    expect(pickMediator([], 'labour')).toBeUndefined();
  });

  describe('fair tie-breaks at equal load', () => {
    it('gives the case to the one with more spare capacity relative to size', () => {
      expect(pickMediator([m('small', { capacity: 5, load: 2 }), m('big', { capacity: 10, load: 2 })], 'labour')?.mediator.id).toBe('big');
    });

    it('then to whoever waited longest since their last case, never-assigned first', () => {
      const recent = m('a', { lastAssignedAt: at('2026-03-02T09:00:00Z') });
      const earlier = m('b', { lastAssignedAt: at('2026-03-01T09:00:00Z') });
      expect(pickMediator([recent, earlier], 'labour')?.mediator.id).toBe('b');
      expect(pickMediator([recent, earlier, m('z')], 'labour')?.mediator.id).toBe('z');
    });

    it('then by id, so the same input always gives the same mediator', () => {
      const ids = ['c', 'a', 'b'].map((id) => m(id));
      expect(pickMediator(ids, 'labour')?.mediator.id).toBe('a');
      expect(pickMediator([...ids].reverse(), 'labour')?.mediator.id).toBe('a');
    });
  });

  it('spreads a run of cases evenly over equal mediators (round robin by load)', () => {
    const pool = ['a', 'b', 'c'].map((id) => m(id, { capacity: 10 }));
    for (let i = 0; i < 30; i++) {
      const pick = pickMediator(pool, 'labour')!;
      pick.mediator.load++;
      pick.mediator.lastAssignedAt = new Date(Date.UTC(2026, 0, 1, 0, i));
    }
    expect(pool.map((p) => p.load)).toEqual([10, 10, 10]);
    expect(pickMediator(pool, 'labour')).toBeUndefined();
  });
});
