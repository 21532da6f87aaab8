import { z } from 'zod';
import { isoDateTime, text, zodFieldErrors } from '@fengqiao/contracts';
import type { HotlineFormat, WorkOrder } from './hotline-format';

/** The reference format's order types → the case kind they become. */
const ORDER_TYPES = { complaint: 'complaint', report: 'complaint', help: 'complaint', suggestion: 'complaint', consultation: 'consultation' } as const;

/** The centre's category label → the platform's category, by keyword (first match); anything else is `other`. */
const CATEGORY_KEYWORDS: ReadonlyArray<[RegExp, string]> = [
  [/劳动|工资|社保/, 'labour'],
  [/物业/, 'property'],
  [/医疗|医院/, 'medical'],
  [/交通/, 'traffic'],
  [/消费|商品|价格/, 'consumer'],
  [/土地|宅基地/, 'land'],
  [/婚姻|家庭/, 'marriage-family'],
  [/邻里/, 'neighbour'],
];

export function categoryFor(label: string): string {
  return CATEGORY_KEYWORDS.find(([re]) => re.test(label))?.[1] ?? 'other';
}

const referenceOrderSchema = z
  .object({
    orderNo: z
      .string({ required_error: '必填 / orderNo is required', invalid_type_error: '应为文本 / orderNo must be a string' })
      .regex(/^[A-Za-z0-9-]{1,64}$/, '应为字母、数字或连字符（最多 64 个） / orderNo must be letters, digits or hyphens (at most 64)'),
    orderType: z.enum(Object.keys(ORDER_TYPES) as [keyof typeof ORDER_TYPES], {
      errorMap: () => ({ message: `取值应为 ${Object.keys(ORDER_TYPES).join(' | ')} / orderType must be one of ${Object.keys(ORDER_TYPES).join(', ')}` }),
    }),
    category: text(100, 'category'),
    /** The platform's category code, when the centre maps it itself. */
    categoryCode: z.string().trim().min(1).max(40).optional(),
    title: text(200, 'title').optional(),
    content: text(10000, 'content'),
    caller: z.object({ name: text(100, 'caller.name'), phone: z.string().trim().max(20).optional() }).strict(),
    address: z.string().trim().max(500).optional(),
    regionCode: z
      .string()
      .regex(/^\d{6}(\d{3}(\d{3})?)?$/, '应为 6、9 或 12 位行政区划代码 / regionCode must be a 6, 9 or 12 digit division code')
      .optional(),
    deadline: isoDateTime.optional(),
    dispatchedAt: isoDateTime.optional(),
  })
  .strict();

/** The reference JSON format (docs/hotline-12345.md): field names in English, text in Chinese. */
export const referenceFormat: HotlineFormat = {
  name: 'reference',
  parseOrder(body) {
    const parsed = referenceOrderSchema.safeParse(body);
    if (!parsed.success) return { ok: false, errors: zodFieldErrors(parsed.error) };
    const o = parsed.data;
    const order: WorkOrder = {
      orderNo: o.orderNo,
      kind: ORDER_TYPES[o.orderType],
      category: o.categoryCode ?? categoryFor(o.category),
      centreCategory: o.category,
      title: o.title ?? `12345工单 ${o.orderNo}：${o.category}`,
      content: o.content,
      caller: { name: o.caller.name, ...(o.caller.phone ? { phone: o.caller.phone } : {}) },
      ...(o.address ? { address: o.address } : {}),
      ...(o.regionCode ? { orgUnit: o.regionCode } : {}),
      ...(o.deadline ? { deadline: o.deadline } : {}),
      ...(o.dispatchedAt ? { dispatchedAt: o.dispatchedAt } : {}),
    };
    return { ok: true, order };
  },
  orderReceipt: (r) => ({ orderNo: r.orderNo, caseNo: r.caseNo, caseId: r.caseId, repeated: r.repeated }),
  pushBody: (p) => ({ pushId: p.pushId, orderNo: p.orderNo, caseNo: p.caseNo, seq: p.seq, type: p.kind, at: p.at, ...p.detail }),
};

export const HOTLINE_FORMATS: Record<string, HotlineFormat> = { reference: referenceFormat };
