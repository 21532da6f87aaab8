import { streamName, withPrefix, type CaseView } from '@fengqiao/contracts';
import { readStream, sampleCase, type Platform, type Acknowledged, type Found } from '@fengqiao/testing';
import type { Outcome } from './load';

/** Demo-county users (docs/demo-county.md): the town clerk registers and acts, the district leader reads. */
const CLERK = 'clerk.621102101';
const LEADER = 'leader.621102';
const TOWN = '621102101';
const DISTRICT = '621102';

/** The steps a registered dispute takes one after another, each one action (docs/api.md, actions on a dispute). */
const STEPS: ReadonlyArray<{ action: string; body: unknown }> = [
  { action: 'reply', body: { message: '已受理，当场答复', resolved: true } },
  { action: 'feedback', body: { message: '已电话告知处理结果', channel: 'phone' } },
  { action: 'rate', body: { score: 5 } },
];

async function failure(res: Response): Promise<Outcome> {
  return { error: `HTTP ${res.status} ${(await res.text()).slice(0, 160)}` };
}

/**
 * The platform's own paths through the gateway. Every registration carries an Idempotency-Key and
 * every 201 is remembered, for the reconciliation; registered cases feed the action path, which
 * takes each through reply → feedback → rate.
 */
export class PlatformPaths {
  readonly acknowledged: Acknowledged[] = [];
  /** Cases waiting for their next action (FIFO: the oldest first, its process surely running). */
  private readonly ready: Array<{ id: string; step: number }> = [];
  private n = 0;

  constructor(private readonly p: Platform) {}

  register = async (): Promise<Outcome> => {
    const key = `${this.p.ctx.prefix}-${this.n++}`;
    const res = await this.p.api('/api/v1/cases', {
      method: 'POST',
      token: await this.p.ctx.tokenFor(CLERK),
      body: JSON.stringify(sampleCase()),
      headers: { 'idempotency-key': key },
    });
    if (res.status !== 201) return failure(res);
    const c = (await res.json()) as CaseView;
    this.acknowledged.push({ key, caseId: c.id, workflowId: c.workflowId });
    this.ready.push({ id: c.id, step: 0 });
    return 'ok';
  };

  /** Cases the action path can still take a step on. */
  get actionable(): number {
    return this.ready.length;
  }

  action = async (): Promise<Outcome> => {
    const c = this.ready.shift();
    if (!c) return 'stop';
    const { action, body } = STEPS[c.step]!;
    const res = await this.p.api(`/api/v1/cases/${c.id}/actions/${action}`, {
      method: 'POST',
      token: await this.p.ctx.tokenFor(CLERK),
      body: JSON.stringify(body),
    });
    if (res.status !== 200) return failure(res);
    await res.arrayBuffer();
    if (c.step + 1 < STEPS.length) this.ready.push({ id: c.id, step: c.step + 1 });
    return 'ok';
  };

  private get = async (path: string): Promise<Outcome> => {
    const res = await this.p.api(path, { token: await this.p.ctx.tokenFor(LEADER) });
    if (res.status !== 200) return failure(res);
    await res.arrayBuffer();
    return 'ok';
  };

  /** A year of the district's figures (metrics.md), from insights' read model. */
  stats = () => this.get(`/api/v1/stats?${new URLSearchParams({ orgUnit: DISTRICT, from: '2026-01-01', to: '2027-01-01' })}`);

  /** The district's three-colour board. */
  board = () => this.get(`/api/v1/board?orgUnit=${DISTRICT}`);

  /** What the run left behind, looked for until every acknowledged case shows (see findLeftBehind). */
  found(patienceMs: number): Promise<Found & { waitedMs: number }> {
    return findLeftBehind(this.p, this.acknowledged, patienceMs);
  }
}

type Sql = <T>(text: string) => Promise<T[]>;

/**
 * What a run left behind: the case rows, the workflow runs under the run's prefix and the
 * `case.registered` events on its stream. The event relay and Temporal's visibility index lag the
 * answers, so it looks again until everything acknowledged shows or `patienceMs` has passed. `sql`
 * defaults to the context's own connection (the chaos run passes one that survives a PostgreSQL kill).
 */
export async function findLeftBehind(
  p: Platform,
  acked: readonly Acknowledged[],
  patienceMs: number,
  sql: Sql = (text) => p.ctx.sql(text),
): Promise<Found & { waitedMs: number }> {
  const { ctx } = p;
  const started = Date.now();
  const subject = withPrefix(ctx.prefix, `fq.evt.${TOWN}.case.registered`);
  for (;;) {
    const stored = await sql<{ caseId: string; key: string | null }>(`SELECT id::text AS "caseId", request_key AS key FROM intake.cases`);
    const workflowRuns: string[] = [];
    for await (const w of ctx.temporal.workflow.list({ query: `WorkflowType = 'disputePath' AND WorkflowId STARTS_WITH '${ctx.prefix}.'` }))
      workflowRuns.push(w.workflowId);
    const events = (await readStream(ctx.nats, streamName(ctx.prefix), subject)).map((m) => m.json<{ data: { caseId: string } }>().data.caseId);
    const runs = new Set(workflowRuns);
    const seen = new Set(events);
    const complete = acked.every((a) => runs.has(a.workflowId) && seen.has(a.caseId));
    if (complete || Date.now() - started > patienceMs) return { stored, workflowRuns, events, waitedMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, 2000));
  }
}
