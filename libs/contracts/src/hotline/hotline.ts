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
  /** The deadline's run (workflows/hotline-order): when it warned ahead of the deadline, when the order fell overdue. */
  deadlineWarnedAt: string | null;
  overdueAt: string | null;
  /** When the case's result was recorded for the centre: the deadline's run stops there. */
  finishedAt: string | null;
  pushes: HotlinePushView[];
}

/** The task queue of the adapter's activities (the deadline run's warning and overdue marks). */
export const HOTLINE_TASK_QUEUE = 'hotline-12345';

/** `hotline-order-<centre>-<orderNo>`; an isolation prefix (tests) goes in front. */
export const hotlineOrderWorkflowId = (centre: string, orderNo: string, prefix?: string) =>
  prefix ? `${prefix}.hotline-order-${centre}-${orderNo}` : `hotline-order-${centre}-${orderNo}`;

/** Signals of an order's deadline run: the order is done with (result recorded, or objected), the clock stops. */
export const HotlineOrderSignals = { closed: 'hotlineOrderClosed' } as const;
export interface HotlineOrderClosedSignal {
  reason: 'finished' | 'objected';
  at: string;
}

/** Input of the deadline run the adapter starts when an order with a deadline is registered. */
export interface HotlineOrderDeadlineInput {
  centre: string;
  orderNo: string;
  /** The centre's deadline, ISO 8601. */
  deadline: string;
  /** Test isolation: prefix of the task queue the activities run on. */
  queuePrefix?: string;
}

export interface HotlineOrderRef {
  centre: string;
  orderNo: string;
  deadline: string;
}

/**
 * The adapter's activities for the deadline run (task queue `hotline-12345`). Each marks the order once
 * (idempotent) and only while it is open (neither objected nor finished): the answer says whether it did.
 */
export interface HotlineOrderActivities {
  warnOrderDeadline(ref: HotlineOrderRef & { at: string }): Promise<boolean>;
  markOrderOverdue(ref: HotlineOrderRef & { at: string }): Promise<boolean>;
}

export interface HotlineOrderDeadlineResult {
  warned: boolean;
  overdue: boolean;
  closed: HotlineOrderClosedSignal['reason'] | null;
}
