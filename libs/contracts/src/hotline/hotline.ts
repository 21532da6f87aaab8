import { z } from 'zod';
import { text } from '../cases/case.schema';

/**
 * The 12345 hotline adapter (apps/hotline-12345, docs/hotline-12345.md): work orders (工单) a 12345
 * centre dispatches become cases; the centre's staff accept an order (签收) or object to a wrong
 * dispatch (退单) with a reason; acceptance, progress, result and return visit are pushed back.
 */
export const HOTLINE_ORDER_STATUSES = ['dispatched', 'accepted', 'objected'] as const;
export type HotlineOrderStatus = (typeof HOTLINE_ORDER_STATUSES)[number];

/** What is pushed back to the 12345 centre, in this order for one order (an objection ends it). */
export const HOTLINE_PUSH_KINDS = ['accepted', 'objection', 'progress', 'result', 'return-visit'] as const;
export type HotlinePushKind = (typeof HOTLINE_PUSH_KINDS)[number];

export const HOTLINE_PUSH_STATUSES = ['held', 'pending', 'delivered', 'dropped'] as const;
export type HotlinePushStatus = (typeof HOTLINE_PUSH_STATUSES)[number];

/** The `externalRef.system` of a case a 12345 centre sent: `12345` or `12345.<centre>` when several centres feed one platform. */
export const HOTLINE_EXTERNAL_SYSTEM = '12345';

const orderNo = text(64, 'orderNo');

/** `POST /api/v1/hotline/orders/{orderNo}/accept`: the order is ours; an optional note goes to the centre. */
export const acceptHotlineOrderSchema = z.object({ orderNo, note: text(500, 'note').optional() }).strict();
/** `POST /api/v1/hotline/orders/{orderNo}/objection`: a wrong dispatch (not our jurisdiction or duty), with its reason. */
export const objectHotlineOrderSchema = z.object({ orderNo, reason: text(500, 'reason') }).strict();
export const getHotlineOrderSchema = z.object({ orderNo }).strict();

export interface HotlinePushView {
  seq: number;
  kind: HotlinePushKind;
  status: HotlinePushStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface HotlineOrderView {
  orderNo: string;
  centre: string;
  caseId: string;
  caseNo: string;
  orgUnit: string;
  category: string;
  /** The 12345 centre's own deadline for the order (its clock, not ours). */
  deadline: string | null;
  status: HotlineOrderStatus;
  objection: { reason: string; by: string; at: string } | null;
  accepted: { by: string; at: string } | null;
  receivedAt: string;
  pushes: HotlinePushView[];
}
