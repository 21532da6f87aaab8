import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  acceptHotlineOrderSchema,
  getHotlineOrderSchema,
  HOTLINE_EXTERNAL_SYSTEM,
  objectHotlineOrderSchema,
  ok,
  zodFieldErrors,
  type Caller,
  type CaseTransitionData,
  type CaseView,
  type CloudEvent,
  type CreateCaseInput,
  type HotlineOrderView,
  type HotlinePushKind,
  type Reply,
} from '@fengqiao/contracts';
import { JurisdictionFailures, mayActOnUnit } from '@fengqiao/rules';
import type { PiiCipher } from '@fengqiao/pii';
import { formatChinaTime } from '@fengqiao/calendar';
import type { LogFields } from '@fengqiao/observability';
import { HotlineOrderEntity, HotlinePushEntity } from '../database/hotline.entities';
import type { WorkOrder } from '../formats/hotline-format';
import { HotlineFailures } from './hotline.failures';
import { pushOfStep } from './case-steps';
import type { DeadlineClock } from '../deadline/deadline-clock';

export interface OrdersServiceDeps {
  ds: DataSource;
  centre: string;
  /** The unit an order is registered at unless it names one. */
  defaultOrgUnit: string;
  /** Seals the caller's phone for the bus, as the gateway does (intake opens it). */
  cipher: PiiCipher;
  register: (input: CreateCaseInput) => Promise<Reply<CaseView>>;
  /** Called after a commit that wrote a pending push. */
  onPush: () => void;
  /** The centre's deadline as a Temporal run (workflows/hotline-order); none: no deadline runs (unit tests). */
  deadlines?: DeadlineClock;
  log?: (message: string, fields: LogFields) => void;
  /** The push log's retention (days): a step older than this is never pushed (its push would be pruned already). */
  pushRetentionDays?: number;
  now?: () => Date;
}

/** How long a case step of no known order waits for an order still `registering` (intake answers within 15 s). */
export const REGISTERING_WAIT_S = 600;

type RegisteredOrder = HotlineOrderEntity & { caseId: string; caseNo: string; orgPath: string };
const isRegistered = (o: HotlineOrderEntity): o is RegisteredOrder =>
  o.status !== 'registering' && o.caseId !== null && o.caseNo !== null && o.orgPath !== null;

export interface OrderReceipt {
  orderNo: string;
  caseNo: string;
  caseId: string;
  repeated: boolean;
}

/** Work orders in, staff answers on them, and case steps turned into pushes back to the centre. */
export class OrdersService {
  constructor(private readonly d: OrdersServiceDeps) {}

  private now(): Date {
    return this.d.now?.() ?? new Date();
  }

  /** The case's external system: one per centre, so two centres' order numbers never meet. */
  private get externalSystem(): string {
    return `${HOTLINE_EXTERNAL_SYSTEM}.${this.d.centre}`;
  }

  /**
   * Stores the order first (`registering`), then registers it as a case through intake (its order
   * number the external reference: intake answers a repeat with the same case), then records the
   * case on the order. A case step that arrives before that record waits for it (`onCaseEvent`); a
   * crash or an unanswered intake leaves the order `registering`, and the centre's repeated push
   * finishes it. A refusal by intake (an invalid order, outside the account's county) removes it.
   */
  async receive(order: WorkOrder): Promise<Reply<OrderReceipt>> {
    const orders = this.d.ds.getRepository(HotlineOrderEntity);
    const inserted = (await this.d.ds.query(
      `INSERT INTO hotline.orders (centre, order_no, org_unit, category, deadline, status, received_at, last_push_seq)
       VALUES ($1, $2, $3, $4, $5, 'registering', $6, 0) ON CONFLICT DO NOTHING RETURNING order_no`,
      [
        this.d.centre,
        order.orderNo,
        order.orgUnit ?? this.d.defaultOrgUnit,
        order.centreCategory,
        order.deadline ? new Date(order.deadline) : null,
        this.now(),
      ],
    )) as unknown[];
    const repeated = inserted.length === 0;
    const known = await orders.findOneByOrFail({ centre: this.d.centre, orderNo: order.orderNo });
    if (isRegistered(known)) {
      // A repeat also makes sure the deadline runs (a crash, or Temporal unreachable, after the case was recorded).
      await this.startDeadline(known);
      return ok({ orderNo: known.orderNo, caseNo: known.caseNo, caseId: known.caseId, repeated: true });
    }
    // The order number in the description too: staff find the case by it (the case list's search).
    const notes = [
      `12345 工单号 / order no.: ${order.orderNo}`,
      `12345 分类 / category: ${order.centreCategory}`,
      ...(order.deadline ? [`12345 办理时限 / deadline: ${order.deadline}`] : []),
    ];
    const input: CreateCaseInput = {
      kind: order.kind,
      category: order.category,
      title: order.title,
      description: `${order.content}\n\n${notes.join('\n')}`,
      channel: 'hotline',
      orgUnit: order.orgUnit ?? this.d.defaultOrgUnit,
      ...(order.dispatchedAt ? { occurredAt: order.dispatchedAt } : {}),
      ...(order.address ? { location: { address: order.address } } : {}),
      parties: [{ role: 'applicant', name: order.caller.name, ...(order.caller.phone ? { phone: this.d.cipher.encrypt(order.caller.phone) } : {}) }],
      externalRef: { system: this.externalSystem, id: order.orderNo },
    };
    const registered = await this.d.register(input);
    if (!registered.ok) {
      // Refused (4xx): the order is not ours to keep; a corrected push starts again. Unavailable: it stays `registering`.
      if (registered.problem.status < 500)
        await this.d.ds.query(`DELETE FROM hotline.orders WHERE centre = $1 AND order_no = $2 AND status = 'registering'`, [this.d.centre, order.orderNo]);
      return registered;
    }
    const c = registered.value;
    await this.d.ds.query(
      `UPDATE hotline.orders SET case_id = $3, case_no = $4, org_unit = $5, org_path = $6, status = 'dispatched'
        WHERE centre = $1 AND order_no = $2 AND status = 'registering'`,
      [this.d.centre, order.orderNo, c.id, c.caseNo, c.orgUnit, c.orgPath ?? `/${c.orgUnit}/`],
    );
    const stored = await orders.findOneByOrFail({ centre: this.d.centre, orderNo: order.orderNo });
    if (!isRegistered(stored)) throw new Error(`order ${order.orderNo} still registering after intake answered`);
    // Unreachable Temporal: the push is answered 503 and its repeat starts the run.
    await this.startDeadline(stored);
    return ok({ orderNo: stored.orderNo, caseNo: stored.caseNo, caseId: stored.caseId, repeated });
  }

  /** The deadline's run, for an order with a deadline that is still open. */
  private async startDeadline(o: HotlineOrderEntity): Promise<void> {
    if (!this.d.deadlines || !o.deadline || o.status === 'objected' || o.finishedAt) return;
    await this.d.deadlines.start({ centre: o.centre, orderNo: o.orderNo, deadline: o.deadline.toISOString() });
  }

  /** The order is done with: its deadline run stops. Best effort: the run's activities check the order again. */
  private async closeDeadline(o: HotlineOrderEntity, reason: 'finished' | 'objected', at: Date): Promise<void> {
    if (!this.d.deadlines || !o.deadline) return;
    await this.d.deadlines
      .close(o.centre, o.orderNo, { reason, at: at.toISOString() })
      .catch((e: unknown) => this.d.log?.('deadline run not signalled', { orderNo: o.orderNo, reason, error: String(e) }));
  }

  /** The order as staff see it, with its pushes (within their jurisdiction). */
  async get(caller: Caller, body: unknown): Promise<Reply<HotlineOrderView>> {
    const parsed = getHotlineOrderSchema.safeParse(body);
    if (!parsed.success) return HotlineFailures.fail('REQUEST_INVALID', zodFieldErrors(parsed.error));
    const found = await this.orderFor(caller, parsed.data.orderNo);
    if (!found.ok) return found;
    return ok(await this.view(this.d.ds.manager, found.value));
  }

  /** 签收: the order is ours. The acceptance is pushed first; case steps held until now follow it. */
  async accept(caller: Caller, body: unknown): Promise<Reply<HotlineOrderView>> {
    const parsed = acceptHotlineOrderSchema.safeParse(body);
    if (!parsed.success) return HotlineFailures.fail('REQUEST_INVALID', zodFieldErrors(parsed.error));
    return this.answer(caller, parsed.data.orderNo, 'accepted', { ...(parsed.data.note ? { note: parsed.data.note } : {}) });
  }

  /** 退单/异议: a wrong dispatch, with its reason; nothing else of the order is pushed after it. */
  async object(caller: Caller, body: unknown): Promise<Reply<HotlineOrderView>> {
    const parsed = objectHotlineOrderSchema.safeParse(body);
    if (!parsed.success) return HotlineFailures.fail('REQUEST_INVALID', zodFieldErrors(parsed.error));
    return this.answer(caller, parsed.data.orderNo, 'objected', { reason: parsed.data.reason });
  }

  private async answer(caller: Caller, orderNo: string, status: 'accepted' | 'objected', detail: Record<string, unknown>): Promise<Reply<HotlineOrderView>> {
    const found = await this.orderFor(caller, orderNo);
    if (!found.ok) return found;
    const now = this.now();
    const by = caller.name ?? caller.username;
    const result = await this.d.ds.transaction(async (m) => {
      const set =
        status === 'accepted'
          ? `status = 'accepted', accepted_by = $3, accepted_at = $4`
          : `status = 'objected', objected_by = $3, objected_at = $4, objection_reason = $5`;
      const params = status === 'accepted' ? [this.d.centre, orderNo, by, now] : [this.d.centre, orderNo, by, now, detail['reason']];
      const [, changed] = (await m.query(`UPDATE hotline.orders SET ${set} WHERE centre = $1 AND order_no = $2 AND status = 'dispatched'`, params)) as [
        unknown,
        number,
      ];
      if (!changed) return undefined;
      const order = await m.getRepository(HotlineOrderEntity).findOneByOrFail({ centre: this.d.centre, orderNo });
      if (!isRegistered(order)) return undefined;
      await m.insert(HotlinePushEntity, this.push(order, 0, status === 'accepted' ? 'accepted' : 'objection', 'pending', { ...detail, by }, null, now));
      // The case's steps recorded before the answer: sent after the acceptance, never after an objection.
      await m.query(`UPDATE hotline.pushes SET status = $3 WHERE centre = $1 AND order_no = $2 AND status = 'held'`, [
        this.d.centre,
        orderNo,
        status === 'accepted' ? 'pending' : 'dropped',
      ]);
      return this.view(m, order);
    });
    if (!result) {
      const o = found.value;
      const current = (await this.d.ds.getRepository(HotlineOrderEntity).findOneBy({ centre: o.centre, orderNo: o.orderNo })) ?? o;
      const [answer, answerEn] = current.status === 'objected' ? ['退单', 'objected to'] : ['签收', 'accepted'];
      return HotlineFailures.fail('ORDER_ANSWERED', { answer, answerEn });
    }
    this.d.onPush();
    if (status === 'objected') await this.closeDeadline(found.value, 'objected', now);
    return ok(result);
  }

  /**
   * A case event: a step of an order's case that the centre hears about becomes a push, once (the
   * event id is unique in the log), numbered by the case's own step sequence so pushes keep the case's order.
   */
  async onCaseEvent(event: CloudEvent<CaseTransitionData>): Promise<'pushed' | 'ignored' | 'wait'> {
    const step = event.data?.type;
    const mapped = step ? pushOfStep(step, event.data.detail ?? {}) : undefined;
    if (!mapped || !event.data.caseId) return 'ignored';
    // A step past the log's retention, delivered again (a consumer replaying the stream): its push was sent and pruned.
    const stepAt = Date.parse(event.data.at);
    if (this.d.pushRetentionDays && stepAt < this.now().getTime() - this.d.pushRetentionDays * 86_400_000) return 'ignored';
    // One round trip for every case step, nearly all of them of cases that are no order: the case's own
    // order if there is one, else any order received recently that is still `registering` — the step may
    // be of an order whose case intake registered but we have not recorded yet, and it waits (redelivered
    // with back-off) until it is recorded.
    const found = await this.d.ds
      .getRepository(HotlineOrderEntity)
      .createQueryBuilder('o')
      .where('o.case_id = :caseId')
      .orWhere(`o.centre = :centre AND o.status = 'registering' AND o.received_at > now() - make_interval(secs => :wait)`)
      .addSelect('o.case_id = :caseId', 'own')
      .orderBy('own', 'DESC', 'NULLS LAST')
      .limit(1)
      .setParameters({ caseId: event.data.caseId, centre: this.d.centre, wait: REGISTERING_WAIT_S })
      .getOne();
    const order = found?.caseId === event.data.caseId && isRegistered(found) ? found : undefined;
    if (!order) return found?.status === 'registering' ? 'wait' : 'ignored';
    const status = order.status === 'accepted' ? 'pending' : order.status === 'objected' ? 'dropped' : 'held';
    const inserted = await this.d.ds
      .createQueryBuilder()
      .insert()
      .into(HotlinePushEntity)
      .values(
        this.push(
          order,
          event.data.seq,
          mapped.kind,
          status,
          { ...mapped.detail, step, by: event.data.actor },
          event.id,
          new Date(event.data.at || Date.now()),
        ),
      )
      .orIgnore()
      .execute();
    if (status === 'pending' && inserted.identifiers.length) this.d.onPush();
    if (mapped.kind === 'result' && order.status !== 'objected') {
      // The case's result is recorded: the centre's deadline no longer runs.
      const at = new Date(event.data.at || Date.now());
      await this.d.ds.query(`UPDATE hotline.orders SET finished_at = COALESCE(finished_at, $3) WHERE centre = $1 AND order_no = $2`, [
        order.centre,
        order.orderNo,
        at,
      ]);
      await this.closeDeadline(order, 'finished', at);
    }
    return 'pushed';
  }

  private push(
    order: RegisteredOrder,
    seq: number,
    kind: HotlinePushKind,
    status: HotlinePushEntity['status'],
    detail: Record<string, unknown>,
    sourceEventId: string | null,
    at: Date,
  ): HotlinePushEntity {
    const id = randomUUID();
    return {
      id,
      centre: order.centre,
      orderNo: order.orderNo,
      seq,
      kind,
      payload: { pushId: id, orderNo: order.orderNo, caseNo: order.caseNo, seq, kind, at: formatChinaTime(at), detail },
      status,
      attempts: 0,
      lastError: null,
      nextAttemptAt: this.now(),
      sourceEventId,
      createdAt: this.now(),
      deliveredAt: null,
    };
  }

  /** The order if the caller's jurisdiction covers its case's unit (libs/rules), else the rule's answer. */
  private async orderFor(caller: Caller, orderNo: string): Promise<Reply<RegisteredOrder>> {
    const order = await this.d.ds.getRepository(HotlineOrderEntity).findOneBy({ centre: this.d.centre, orderNo });
    // An order still `registering` has no case yet: not there for the staff until it has.
    if (!order || !isRegistered(order)) return HotlineFailures.fail('ORDER_NOT_FOUND');
    if (!mayActOnUnit(caller, { code: order.orgUnit, path: order.orgPath })) return JurisdictionFailures.fail('OUTSIDE_JURISDICTION');
    return ok(order);
  }

  private async view(m: EntityManager, o: RegisteredOrder): Promise<HotlineOrderView> {
    const pushes = await m.getRepository(HotlinePushEntity).find({ where: { centre: o.centre, orderNo: o.orderNo }, order: { seq: 'ASC' } });
    const t = (d: Date | null) => (d ? formatChinaTime(d) : null);
    return {
      orderNo: o.orderNo,
      centre: o.centre,
      caseId: o.caseId,
      caseNo: o.caseNo,
      orgUnit: o.orgUnit,
      category: o.category,
      deadline: t(o.deadline),
      status: o.status as HotlineOrderView['status'],
      objection: o.objectedAt ? { reason: o.objectionReason ?? '', by: o.objectedBy ?? '', at: formatChinaTime(o.objectedAt) } : null,
      accepted: o.acceptedAt ? { by: o.acceptedBy ?? '', at: formatChinaTime(o.acceptedAt) } : null,
      receivedAt: formatChinaTime(o.receivedAt),
      deadlineWarnedAt: t(o.deadlineWarnedAt),
      overdueAt: t(o.overdueAt),
      finishedAt: t(o.finishedAt),
      pushes: pushes.map((p) => ({
        seq: p.seq,
        kind: p.kind,
        status: p.status,
        attempts: p.attempts,
        lastError: p.lastError,
        createdAt: formatChinaTime(p.createdAt),
        deliveredAt: t(p.deliveredAt),
      })),
    };
  }
}
