import { caseEventType, EventTypes, type CloudEvent } from '@fengqiao/contracts';
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

  it('leaves the original event untouched', () => {
    const e = event(EventTypes.caseRegistered, { caseId: 'c1', registeredBy: 'x' });
    redactForIntegrator(e);
    expect(e.data).toEqual({ caseId: 'c1', registeredBy: 'x' });
  });
});
