import type { CaseView, Page } from '@fengqiao/contracts';
import { DISPUTE_WALK, findLeftBehind, sampleCase, type Acknowledged, type Found, type Platform } from '@fengqiao/testing';
import type { Outcome } from './load';

/** Demo-county users (docs/demo-county.md): the town clerk registers and acts, the district leader reads. */
const CLERK = 'clerk.621102101';
const LEADER = 'leader.621102';
const DISTRICT = '621102';

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

  /**
   * Milliseconds until every case acknowledged from index `from` on is actionable (its process has
   * routed it), or null if they are not within `patienceMs`. A registration's answer comes before
   * that work, so a rate the answers sustain may still leave the processes behind; and the newest
   * case can be routed before older ones still waiting, so all of them are read (the list API, a
   * page of 200 at a time, from the first one's registration on).
   */
  async actionableSince(from: number, registeredFrom: Date, patienceMs: number): Promise<number | null> {
    const waiting = new Set(this.acknowledged.slice(from).map((a) => a.caseId));
    const started = performance.now();
    const token = await this.p.ctx.tokenFor(CLERK);
    while (waiting.size > 0) {
      if (performance.now() - started > patienceMs) return null;
      for (let page = 1; ; page++) {
        const query = new URLSearchParams({ registeredFrom: registeredFrom.toISOString(), pageSize: '200', page: String(page) });
        const res = await this.p.api(`/api/v1/cases?${query}`, { token });
        if (res.status !== 200) throw new Error(`listing the run's cases: HTTP ${res.status} ${(await res.text()).slice(0, 160)}`);
        const { items, total } = (await res.json()) as Page<CaseView>;
        for (const c of items) if (c.allowedActions.length > 0) waiting.delete(c.id);
        if (page * 200 >= total) break;
      }
      if (waiting.size > 0) await new Promise((r) => setTimeout(r, 250));
    }
    return performance.now() - started;
  }

  /** Cases the action path can still take a step on. */
  get actionable(): number {
    return this.ready.length;
  }

  action = async (): Promise<Outcome> => {
    const c = this.ready.shift();
    if (!c) return 'stop';
    const { action, body } = DISPUTE_WALK[c.step]!;
    const res = await this.p.api(`/api/v1/cases/${c.id}/actions/${action}`, {
      method: 'POST',
      token: await this.p.ctx.tokenFor(CLERK),
      body: JSON.stringify(body),
    });
    if (res.status !== 200) return failure(res);
    await res.arrayBuffer();
    if (c.step + 1 < DISPUTE_WALK.length) this.ready.push({ id: c.id, step: c.step + 1 });
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
    const { temporal, nats, prefix } = this.p.ctx;
    return findLeftBehind({ temporal, nats, prefix, sql: (text) => this.p.ctx.sql(text) }, this.acknowledged, patienceMs);
  }
}
