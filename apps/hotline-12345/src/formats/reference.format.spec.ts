import { categoryFor, referenceFormat } from './reference.format';

describe('the reference 12345 format', () => {
  const order = {
    orderNo: 'GS12345-20261207-0001',
    orderType: 'complaint',
    category: '劳动社保/拖欠工资',
    content: '某工地拖欠农民工工资三个月。',
    caller: { name: '赵六', phone: '13912345678' },
    regionCode: '621102101',
    deadline: '2026-12-10T18:00:00+08:00',
  };

  it('reads an order into a case-to-be: kind from the order type, category from the label', () => {
    const r = referenceFormat.parseOrder(order);
    expect(r).toMatchObject({ ok: true, order: { orderNo: order.orderNo, kind: 'complaint', category: 'labour', orgUnit: '621102101' } });
    expect(categoryFor('城乡建设/噪音')).toBe('other');
  });

  it('names each wrong field bilingually', () => {
    const r = referenceFormat.parseOrder({ ...order, orderNo: 'bad no', deadline: '2026-12-10', extra: 1 });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['orderNo', 'deadline', 'extra']));
  });
});
