import { eventUnit } from './fan-out';

describe('eventUnit', () => {
  it('reads the org unit of an event subject, with or without the isolation prefix', () => {
    expect(eventUnit('fq.evt.621102101.case.registered')).toBe('621102101');
    expect(eventUnit('t1234.fq.evt.621102101201-03.field-report.recorded')).toBe('621102101201-03');
  });

  it('finds none in what is not an event subject', () => {
    expect(eventUnit('fq.intake.case.create')).toBeUndefined();
    expect(eventUnit('evt.621102.case.registered')).toBeUndefined();
  });
});
