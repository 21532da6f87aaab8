import { buildCloudEvent } from './cloud-events';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('buildCloudEvent', () => {
  it('builds a CloudEvents 1.0 envelope with a random uuid and the current time', () => {
    const before = Date.now();
    const e = buildCloudEvent({ type: 'cn.fengqiao.case.registered.v1', source: '/fengqiao/intake', data: { caseNo: 'x' } });
    const after = Date.now();
    expect(e.specversion).toBe('1.0');
    expect(e.datacontenttype).toBe('application/json');
    expect(e.type).toBe('cn.fengqiao.case.registered.v1');
    expect(e.source).toBe('/fengqiao/intake');
    expect(e.data).toEqual({ caseNo: 'x' });
    expect(e.id).toMatch(UUID_RE);
    expect(e.time).toBe(new Date(e.time).toISOString());
    expect(new Date(e.time).getTime()).toBeGreaterThanOrEqual(before);
    expect(new Date(e.time).getTime()).toBeLessThanOrEqual(after);
  });

  it('gives each event its own id', () => {
    const a = buildCloudEvent({ type: 't', source: 's', data: null });
    const b = buildCloudEvent({ type: 't', source: 's', data: null });
    expect(a.id).not.toBe(b.id);
  });

  it('keeps a given id, time and subject', () => {
    const time = new Date(Date.UTC(2026, 10, 20, 1, 30));
    const e = buildCloudEvent({ type: 't', source: 's', subject: '621102101-2026-000001', data: 1, id: 'fixed-id', time });
    expect(e.id).toBe('fixed-id');
    expect(e.time).toBe('2026-11-20T01:30:00.000Z');
    expect(e.subject).toBe('621102101-2026-000001');
  });

  it('leaves out subject when none (or an empty one) is given', () => {
    expect('subject' in buildCloudEvent({ type: 't', source: 's', data: 1 })).toBe(false);
    expect('subject' in buildCloudEvent({ type: 't', source: 's', subject: '', data: 1 })).toBe(false);
  });
});
