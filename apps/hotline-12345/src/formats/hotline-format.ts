import type { FieldError, HotlinePushKind } from '@fengqiao/contracts';

/**
 * A work order as the adapter understands it, whatever the province's format. The caller's name and
 * phone are personal data: they go to intake sealed (libs/pii) and are never stored by the adapter.
 */
export interface WorkOrder {
  orderNo: string;
  /** The kind of case it becomes (`complaint`, `consultation`). */
  kind: string;
  /** The platform's category code (intake's categories); the centre's own label is kept in `centreCategory`. */
  category: string;
  centreCategory: string;
  title: string;
  content: string;
  caller: { name: string; phone?: string };
  address?: string;
  /** The division code the centre dispatched to, when it names one. */
  orgUnit?: string;
  /** The centre's own deadline (ISO 8601 with offset). */
  deadline?: string;
  dispatchedAt?: string;
}

/** One push back to the centre, as stored in the outbound log. */
export interface OutboundPush {
  pushId: string;
  orderNo: string;
  caseNo: string;
  seq: number;
  kind: HotlinePushKind;
  at: string;
  /** Kind-specific: `{ note }`, `{ reason }`, `{ note, step }`, `{ outcome, summary }`, `{ score, comment, note }`. */
  detail: Record<string, unknown>;
}

/**
 * A province's 12345 format: how its order push reads, what it wants back for it, and how our
 * pushes look to it. Transport and signing are the adapter's (docs/hotline-12345.md).
 */
export interface HotlineFormat {
  readonly name: string;
  parseOrder(body: unknown): { ok: true; order: WorkOrder } | { ok: false; errors: FieldError[] };
  /** The answer to an accepted order push (the case it became). */
  orderReceipt(r: { orderNo: string; caseNo: string; caseId: string; repeated: boolean }): unknown;
  /** The body of a push to the centre. */
  pushBody(p: OutboundPush): unknown;
}
