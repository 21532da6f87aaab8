import { caseEventType, EventTypes, type CloudEvent } from '@fengqiao/contracts';
import { isSubscribable, SUBSCRIBABLE_EVENT_TYPES } from '../catalogue/webhook-events';
import { redactForIntegrator } from './redact';

const event = (type: string, data: Record<string, unknown>): CloudEvent => ({
  specversion: '1.0',
  id: 'e1',
  source: 'fengqiao/intake',
  type,
  time: '2026-12-07T03:00:00Z',
  datacontenttype: 'application/json',
  data,
  traceparent: '00-abc-def-01',
});

describe('redactForIntegrator', () => {
  it('removes the personal fields of a registration and names them', () => {
    const out = redactForIntegrator(
      event(EventTypes.caseRegistered, { caseId: 'c1', caseNo: 'N1', orgUnit: '621102101', registeredBy: 'clerk.621102101', title: '王建国的纠纷' }),
    );
    expect(out.data).toEqual({ caseId: 'c1', caseNo: 'N1', orgUnit: '621102101' });
    expect(out.fqredacted).toEqual(['registeredBy', 'title']);
    expect(out).not.toHaveProperty('traceparent');
  });

  it("removes a step's actor and free detail, keeps its status", () => {
    const out = redactForIntegrator(event(caseEventType('assigned'), { caseId: 'c1', actor: 'clerk.1', detail: { note: '13812345678' }, status: 'assigned' }));
    expect(out.data).toEqual({ caseId: 'c1', status: 'assigned' });
  });

  it("empties a roster's usernames", () => {
    const out = redactForIntegrator(event(EventTypes.checkInRoster, { gridCode: '621102101201-01', usernames: ['grid.1', 'grid.2'] }));
    expect(out.data).toEqual({ gridCode: '621102101201-01', usernames: [] });
  });

  it('leaves the original event untouched', () => {
    const e = event(EventTypes.caseRegistered, { caseId: 'c1', registeredBy: 'x' });
    redactForIntegrator(e);
    expect(e.data).toEqual({ caseId: 'c1', registeredBy: 'x' });
  });
});

describe('subscribable event types', () => {
  it("are the catalogue's, without the key-person register's", () => {
    expect(isSubscribable(EventTypes.caseRegistered)).toBe(true);
    expect(isSubscribable(caseEventType('concluded'))).toBe(true);
    expect(isSubscribable(EventTypes.fieldReportVerified)).toBe(true);
    expect(isSubscribable(EventTypes.keyPersonRegistered)).toBe(false);
    expect(isSubscribable('cn.fengqiao.case.invented.v1')).toBe(false);
    expect(SUBSCRIBABLE_EVENT_TYPES.some((t) => t.includes('key-person'))).toBe(false);
  });
});
