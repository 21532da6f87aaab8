import type { CaseView, Page } from '@fengqiao/contracts';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * Two townships' clerks, 10,000 interleaved requests over the gateway's and intake's pooled
 * connections: not one row of the other township may appear (row-level security with a
 * transaction-local scope must never carry over from one request to the next).
 */
const TOTAL = 10_000;
const CONCURRENCY = 24;

let p: Platform;
const clerks = { '621102101': '', '621102102': '' } as Record<'621102101' | '621102102', string>;
const ids = { '621102101': [] as string[], '621102102': [] as string[] };

beforeAll(async () => {
  p = await startPlatform('interleaved');
  for (const unit of ['621102101', '621102102'] as const) {
    clerks[unit] = await p.ctx.tokenFor(`clerk.${unit}`);
    for (let i = 0; i < 5; i++) {
      const res = await p.api('/api/v1/cases', {
        method: 'POST',
        token: clerks[unit],
        body: JSON.stringify(sampleCase({ orgUnit: unit, title: `${unit} 案件 ${i}` })),
      });
      ids[unit].push(((await res.json()) as CaseView).id);
    }
  }
}, 180_000);

afterAll(() => p?.stop());

describe('jurisdiction under load', () => {
  it(`leaks 0 rows across ${TOTAL} interleaved requests from two townships`, async () => {
    const leaks: string[] = [];
    let done = 0;
    let listed = 0;
    const one = async (n: number) => {
      const unit = n % 2 ? '621102101' : '621102102';
      const other = unit === '621102101' ? '621102102' : '621102101';
      const token = clerks[unit];
      switch (n % 3) {
        case 0: {
          const res = await p.api('/api/v1/cases?pageSize=50', { token });
          const page = (await res.json()) as Page<CaseView>;
          listed += page.items.length;
          for (const c of page.items) if (c.orgUnit !== unit) leaks.push(`${unit} listed ${c.caseNo}`);
          if (page.total !== 5) leaks.push(`${unit} saw total ${page.total}`);
          break;
        }
        case 1: {
          const res = await p.api(`/api/v1/cases/${ids[other][n % 5]}`, { token });
          if (res.status !== 404) leaks.push(`${unit} read ${other}'s case: ${res.status}`);
          await res.arrayBuffer();
          break;
        }
        default: {
          const res = await p.api(`/api/v1/cases/${ids[unit][n % 5]}`, { token });
          const c = (await res.json()) as CaseView;
          if (res.status !== 200 || c.orgUnit !== unit) leaks.push(`${unit} could not read its own case: ${res.status}`);
        }
      }
      done++;
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TOTAL) await one(next++);
      }),
    );
    expect(done).toBe(TOTAL);
    expect(listed).toBeGreaterThan(0);
    expect(leaks.slice(0, 10)).toEqual([]);
  }, 600_000);
});
