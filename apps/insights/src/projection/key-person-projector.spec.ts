import type { CloudEvent } from '@fengqiao/contracts';
import { classifyKeyPersonEvent, keyPersonEventName, keyPersonEventsFilter } from './key-person-projector';

const ev = (type: string, data: object, time = '2026-03-08T02:00:00.000Z'): CloudEvent => ({
  specversion: '1.0',
  id: 'e1',
  source: '/key-persons',
  type,
  time,
  datacontenttype: 'application/json',
  data,
});
const ref = { personId: 'p1', orgUnit: '621102101', obligation: 'contact', key: 'contact', dueAt: '2026-03-10T15:59:00+08:00' };

describe('key-person events as insights reads them', () => {
  it('listens to every unit’s key-person events', () => {
    expect(keyPersonEventsFilter(undefined)).toBe('fq.evt.*.key-person.*');
    expect(keyPersonEventsFilter('t1')).toBe('t1.fq.evt.*.key-person.*');
  });

  it('names an event by its subject, else by its type, and knows only the contract’s events', () => {
    expect(keyPersonEventName({ type: 'whatever' }, 't1.fq.evt.621102101.key-person.obligation-met')).toBe('obligation-met');
    expect(keyPersonEventName({ type: 'cn.fengqiao.key-person.risk-changed.v1' })).toBe('risk-changed');
    expect(keyPersonEventName({ type: 'cn.fengqiao.key-person.opened.v1' })).toBeUndefined();
    expect(keyPersonEventName({ type: 'cn.fengqiao.case.registered.v1' }, 'fq.evt.621102101.case.registered')).toBeUndefined();
  });

  it('keeps ids, codes, levels and instants only — a stray field never reaches the read model', () => {
    const f = classifyKeyPersonEvent(
      ev('cn.fengqiao.key-person.registered.v1', {
        personId: 'p1',
        orgUnit: '621102101',
        orgPath: '/621100/621102/621102101/',
        category: 'other',
        riskLevel: 'high',
        at: '2026-03-08T10:00:00+08:00',
        name: '张三',
      }),
    );
    expect(f).toEqual({
      kind: 'registered',
      personId: 'p1',
      orgUnit: '621102101',
      orgPath: '/621100/621102/621102101/',
      category: 'other',
      riskLevel: 'high',
      at: '2026-03-08T02:00:00.000Z',
    });
  });

  it('takes a unit path from any event, only one that ends in the event’s own unit', () => {
    const planned = (orgPath: string) => classifyKeyPersonEvent(ev('cn.fengqiao.key-person.obligation-planned.v1', { ...ref, orgPath }));
    expect(planned('/621100/621102/621102101/')).toMatchObject({ orgPath: '/621100/621102/621102101/' });
    expect(planned('/621100/621102/621102102/')).not.toHaveProperty('orgPath');
    expect(planned('621100/621102101')).not.toHaveProperty('orgPath');
  });

  it('dates a planning by the event, and takes onTime from a met event or else from its times', () => {
    expect(classifyKeyPersonEvent(ev('cn.fengqiao.key-person.obligation-planned.v1', ref))).toMatchObject({
      kind: 'obligation-planned',
      ref: { dueAt: '2026-03-10T07:59:00.000Z' },
      plannedAt: '2026-03-08T02:00:00.000Z',
    });
    const met = (d: object) => classifyKeyPersonEvent(ev('cn.fengqiao.key-person.obligation-met.v1', { ...ref, ...d }));
    expect(met({ metAt: '2026-03-11T09:00:00+08:00' })).toMatchObject({ onTime: false });
    expect(met({ metAt: '2026-03-09T09:00:00+08:00' })).toMatchObject({ onTime: true });
    expect(met({ metAt: '2026-03-11T09:00:00+08:00', onTime: true })).toMatchObject({ onTime: true });
  });

  it('drops malformed events (retrying cannot mend them)', () => {
    const bad = [
      ev('cn.fengqiao.key-person.registered.v1', { personId: 'p1', orgUnit: '621102101', category: 'other', riskLevel: 'extreme', at: '2026-03-08' }),
      ev('cn.fengqiao.key-person.obligation-planned.v1', { ...ref, dueAt: 'soon' }),
      ev('cn.fengqiao.key-person.obligation-planned.v1', { ...ref, obligation: 'visit-home' }),
      ev('cn.fengqiao.key-person.warning.v1', { ...ref, colour: 'green', at: '2026-03-11T00:00:00Z' }),
      ev('cn.fengqiao.key-person.removed.v1', { personId: 'p1', orgUnit: '621102101' }),
      ev('cn.fengqiao.key-person.risk-changed.v1', { personId: 'p1', from: 'low', to: 'high', at: '2026-03-08T00:00:00Z' }),
    ];
    for (const e of bad) expect(classifyKeyPersonEvent(e)).toBeUndefined();
  });
});
