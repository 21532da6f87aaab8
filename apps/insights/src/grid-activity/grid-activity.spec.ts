import type { CloudEvent } from '@fengqiao/contracts';
import { classifyCheckInEvent } from './grid-activity';

const event = (data: unknown) => ({ type: 'x', data }) as unknown as CloudEvent;
const PATH = '/621100/621102/621102101/621102101201/';

describe('check-in events as the activity rate reads them', () => {
  it('reads a roster and a check-in', () => {
    expect(
      classifyCheckInEvent(
        event({ gridCode: '621102101201', path: PATH, usernames: ['a', 'b'], at: '2026-12-07T09:00:00+08:00' }),
        't1.fq.evt.621102101201.check-in.roster',
      ),
    ).toEqual({ kind: 'roster', gridCode: '621102101201', path: PATH, usernames: ['a', 'b'], at: '2026-12-07T01:00:00.000Z' });
    expect(
      classifyCheckInEvent(event({ username: 'a', day: '2026-12-07', path: PATH, gridCode: '621102101201' }), 'fq.evt.621102101201.check-in.recorded'),
    ).toEqual({ kind: 'recorded', username: 'a', day: '2026-12-07', path: PATH });
  });

  it('skips the roll call and anything malformed (retrying cannot help)', () => {
    expect(classifyCheckInEvent(event({ county: '621102', path: PATH }), 'fq.evt.621102.check-in.missing')).toBeUndefined();
    expect(classifyCheckInEvent(event({ username: 'a', day: '7 Dec', path: PATH }), 'fq.evt.x.check-in.recorded')).toBeUndefined();
    expect(classifyCheckInEvent(event({ username: 'a', day: '2026-12-07', path: 'nowhere' }), 'fq.evt.x.check-in.recorded')).toBeUndefined();
    expect(classifyCheckInEvent(event({ gridCode: 'g', path: PATH, usernames: [1], at: '2026-12-07' }), 'fq.evt.g.check-in.roster')).toBeUndefined();
    expect(classifyCheckInEvent(event(null), 'fq.evt.g.check-in.roster')).toBeUndefined();
  });
});
