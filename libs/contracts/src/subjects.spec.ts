import { ALL_EVENTS, Commands, eventFilter, eventSubject, EVENTS_STREAM, streamName, withPrefix } from './subjects';
import { disputeWorkflowId, taskQueue } from './workflows';

describe('withPrefix', () => {
  it('puts the isolation prefix in front of a subject', () => {
    expect(withPrefix('t1234', Commands.intake.createCase)).toBe('t1234.fq.intake.case.create');
  });

  it.each([undefined, ''])('leaves the subject alone with prefix %p', (prefix) => {
    expect(withPrefix(prefix, 'fq.evt.>')).toBe('fq.evt.>');
  });
});

describe('streamName', () => {
  it('is FQ_EVENTS without a prefix', () => {
    expect(streamName(undefined)).toBe('FQ_EVENTS');
    expect(streamName('')).toBe(EVENTS_STREAM);
  });

  it('appends the prefix', () => {
    expect(streamName('t1234')).toBe('FQ_EVENTS_t1234');
  });

  it('replaces characters a stream name may not contain', () => {
    expect(streamName('t1.a*b>c d')).toBe('FQ_EVENTS_t1_a_b_c_d');
    expect(streamName('ok_name-1')).toBe('FQ_EVENTS_ok_name-1');
  });
});

describe('eventSubject / eventFilter', () => {
  it('builds fq.evt.<orgUnit>.<aggregate>.<event>', () => {
    expect(eventSubject('621102101', 'case', 'registered')).toBe('fq.evt.621102101.case.registered');
  });

  it('filters one event across every org unit, and the filter matches what eventSubject builds', () => {
    const filter = eventFilter('case', 'registered');
    expect(filter).toBe('fq.evt.*.case.registered');
    const asRegExp = new RegExp(`^${filter.replace(/\./g, '\\.').replace('*', '[^.]+')}$`);
    expect(asRegExp.test(eventSubject('621102', 'case', 'registered'))).toBe(true);
    expect(asRegExp.test(eventSubject('621102', 'case', 'warning-changed'))).toBe(false);
    expect(eventSubject('621102', 'case', 'registered').startsWith(ALL_EVENTS.slice(0, -1))).toBe(true);
  });
});

describe('Commands', () => {
  it('names each service ping fq.<service>.ping', () => {
    expect(Commands.ping('mediation')).toBe('fq.mediation.ping');
  });
});

describe('disputeWorkflowId', () => {
  it('is dispute-<caseNo> without a prefix', () => {
    expect(disputeWorkflowId('621102101-2026-000123')).toBe('dispute-621102101-2026-000123');
    expect(disputeWorkflowId('621102101-2026-000123', '')).toBe('dispute-621102101-2026-000123');
  });

  it('puts the prefix in front with a prefix', () => {
    expect(disputeWorkflowId('621102101-2026-000123', 't42')).toBe('t42.dispute-621102101-2026-000123');
  });
});

describe('taskQueue', () => {
  it('is the plain service name as the fallback', () => {
    expect(taskQueue('orchestrator')).toBe('orchestrator');
  });

  it('is <service>@<orgUnit> for a deployment serving an org unit', () => {
    expect(taskQueue('mediation', '621102101')).toBe('mediation@621102101');
  });

  it('puts the prefix in front, with or without an org unit', () => {
    expect(taskQueue('orchestrator', undefined, 't42')).toBe('t42.orchestrator');
    expect(taskQueue('mediation', '621102101', 't42')).toBe('t42.mediation@621102101');
  });
});
