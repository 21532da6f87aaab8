// long file: the route-by-role matrix is one table, read and kept as a whole.
import { randomBytes } from 'node:crypto';
import { PetitionSteps, type CaseView, type KeyPersonListItem, type OrgUnitView, type Page } from '@fengqiao/contracts';
import { keycloakAdmin, passwordGrant, waitFor } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';
import { recordPetitionSteps } from './support/record-petition-steps';

/**
 * Issue 4: a matrix of role × route × org unit (own unit, subtree, sibling, parent) gives
 * exactly the allowed answers — POST/GET /api/v1/cases, GET /api/v1/cases/{id}, an action on a
 * case, GET /api/v1/stats, GET /api/v1/categories, a petition's file and document, the key-person register
 * (open a record, list, register, tasks, figures) — and a sibling's cases never appear.
 *
 * Every demo user of docs/demo-county.md logs in with a real Keycloak token. The
 * expected answers are computed here from the org tree and the role rules below, never from
 * the services' code, and compared with what the gateway answers, as one table of mismatches.
 *
 * The demo `admin` must enrol OTP before any login, so the admin row logs in as a throwaway
 * user with the same role and org unit, created through Keycloak's admin API and deleted after.
 */

/** The demo county's tree (docs/demo-county.md): code → parent. */
const PARENT: Record<string, string | null> = {
  '621100': null,
  '621102': '621100',
  '621102101': '621102',
  '621102102': '621102',
  '621102101201': '621102101',
  '621102101202': '621102101',
  '621102102201': '621102102',
};
const UNITS = Object.keys(PARENT);

/** True when `code` is `ancestor` or lies below it, by walking parents (codes are not prefixes of each other). */
function within(code: string, ancestor: string): boolean {
  for (let c: string | null = code; c; c = PARENT[c] ?? null) if (c === ancestor) return true;
  return false;
}

type Relation = 'own unit' | 'subtree' | 'parent' | 'sibling' | 'no unit';
function relation(target: string, unit: string | null): Relation {
  if (!unit) return 'no unit';
  if (target === unit) return 'own unit';
  if (within(target, unit)) return 'subtree';
  if (within(unit, target)) return 'parent';
  return 'sibling';
}

interface DemoUser {
  username: string;
  role: string;
  unit: string | null;
  /** Logs in as a throwaway user with this role and unit instead (the demo user cannot use a password alone). */
  standIn?: boolean;
}

const USERS: DemoUser[] = [
  { username: 'admin', role: 'admin', unit: '621100', standIn: true },
  { username: 'leader.621100', role: 'leader', unit: '621100' },
  { username: 'leader.621102', role: 'leader', unit: '621102' },
  { username: 'clerk.621102101', role: 'clerk', unit: '621102101' },
  { username: 'clerk.621102102', role: 'clerk', unit: '621102102' },
  { username: 'mediator.621102101', role: 'mediator', unit: '621102101' },
  { username: 'mediator.621102102', role: 'mediator', unit: '621102102' },
  { username: 'mediator.621100', role: 'mediator', unit: '621100' },
  { username: 'dept.public-security.621102101', role: 'dept-officer', unit: '621102101' },
  { username: 'dept.housing.621100', role: 'dept-officer', unit: '621100' },
  { username: 'legal-aid.621102', role: 'legal-aid-officer', unit: '621102' },
  { username: 'lawyer.621102', role: 'legal-aid-provider', unit: '621102' },
  { username: 'petition.621102', role: 'petition-officer', unit: '621102' },
  { username: 'petition.621102101', role: 'petition-officer', unit: '621102101' },
  { username: 'key-person.621102101', role: 'key-person-officer', unit: '621102101' },
  { username: 'grid.621102101201', role: 'grid-worker', unit: '621102101201' },
  { username: 'resident.demo', role: 'resident', unit: null },
];

/** Who may register a case (POST /cases) and who may read cases and categories (the gateway's route roles). */
const MAY_REGISTER = new Set(['clerk', 'grid-worker', 'resident', 'leader', 'petition-officer', 'legal-aid-officer']);
/** Staff who read a person's file (一人一档). */
const MAY_READ_PERSON_FILE = new Set(['clerk', 'mediator', 'legal-aid-officer', 'petition-officer', 'leader', 'admin']);
const MAY_READ = new Set(['clerk', 'mediator', 'dept-officer', 'leader', 'grid-worker', 'resident', 'petition-officer', 'legal-aid-officer', 'admin']);
/** Who may read a petition's file and documents (GET /api/v1/cases/{id}/petition[/documents/{kind}]). */
const MAY_READ_PETITION = new Set(['petition-officer', 'clerk', 'leader', 'admin']);

interface KnownCase {
  id: string;
  caseNo: string;
  orgUnit: string;
  registeredBy: string;
}

/** May `u` see case `c`? Staff: the case's unit is in their subtree. Residents: only cases they brought. */
const maySee = (u: DemoUser, c: KnownCase) => (u.unit ? within(c.orgUnit, u.unit) : c.registeredBy === u.username);

let p: Platform;
const cleanups: (() => Promise<void>)[] = [];
const tokens = new Map<string, string>();
const cases: KnownCase[] = [];
const seeds: KnownCase[] = [];

interface Row {
  user: string;
  request: string;
  relation: string;
  expected: unknown;
  actual: unknown;
}

/** Runs tasks with at most `n` in flight (the gateway and intake share 2 cores in CI). */
async function pool<T>(tasks: (() => Promise<T>)[], n = 6): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

const mismatches = (rows: Row[]) => rows.filter((r) => JSON.stringify(r.expected) !== JSON.stringify(r.actual));

async function register(username: string, orgUnit: string, title: string) {
  const res = await p.api('/api/v1/cases', {
    method: 'POST',
    token: tokens.get(username)!,
    body: JSON.stringify(sampleCase({ orgUnit, title, location: { address: '辖区矩阵测试地址' } })),
  });
  const body = (await res.json()) as CaseView;
  if (res.status === 201) cases.push({ id: body.id, caseNo: body.caseNo, orgUnit: body.orgUnit, registeredBy: username });
  return { status: res.status, body };
}

async function listIds(username: string, query: string): Promise<{ status: number; ids?: string[]; total?: number }> {
  const res = await p.api(`/api/v1/cases?pageSize=200${query}`, { token: tokens.get(username)! });
  if (res.status !== 200) return { status: res.status };
  const page = (await res.json()) as Page<CaseView>;
  return { status: 200, ids: page.items.map((c) => c.id).sort(), total: page.total };
}

beforeAll(async () => {
  p = await startPlatform('jurisdiction', { insights: true, petitions: [['621100']], keyPersons: true });
  for (const u of USERS) tokens.set(u.username, u.standIn ? await standInToken(u) : await p.ctx.tokenFor(u.username));
  // One case in every unit of the tree (the city leader may register anywhere), and one a resident brought.
  for (const unit of UNITS) {
    const r = await register('leader.621100', unit, `辖区矩阵 ${unit}`);
    if (r.status !== 201) throw new Error(`seeding a case in ${unit} answered ${r.status}: ${JSON.stringify(r.body)}`);
  }
  const r = await register('resident.demo', '621102102', '居民本人的案件');
  if (r.status !== 201) throw new Error(`seeding the resident's case answered ${r.status}: ${JSON.stringify(r.body)}`);
  seeds.push(...cases);
  // Each seed is also on file at the petitions service, accepted (with its acceptance notice).
  await recordPetitionSteps(
    p,
    seeds.map((c) => ({
      caseId: c.id,
      caseNo: c.caseNo,
      orgUnit: c.orgUnit,
      seq: 1,
      type: PetitionSteps.accepted,
      status: 'handling',
      actor: '矩阵',
      at: new Date().toISOString(),
      detail: {},
    })),
  );
}, 240_000);

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
  await p?.stop();
});

/** A real token for a throwaway user with the demo user's role and org unit. */
async function standInToken(u: DemoUser): Promise<string> {
  const password = `matrix-${randomBytes(12).toString('hex')}`;
  const user = await keycloakAdmin().createUser({
    username: `matrix.${u.role}.${randomBytes(3).toString('hex')}`,
    password,
    realmRoles: [u.role],
    attributes: u.unit ? { org_unit: [u.unit] } : {},
  });
  cleanups.push(user.remove);
  const r = await passwordGrant('fq-console', user.username, password);
  if (r.status !== 200) throw new Error(`stand-in for ${u.username}: ${r.status} ${JSON.stringify(r.body)}`);
  return String(r.body['access_token']);
}

describe('role × route × org unit', () => {
  it('GET /api/v1/org-units: every reader gets the whole tree (names are public), parents first; every other role 403', async () => {
    const rows = await pool(
      USERS.map((u) => async (): Promise<Row> => {
        const res = await p.api('/api/v1/org-units', { token: tokens.get(u.username)! });
        const body = (await res.json()) as OrgUnitView[];
        const ok =
          res.status === 200 &&
          // The demo county's 7 units and its 14 generated grids (docs/demo-county.md).
          body.length === 21 &&
          body[0]?.code === '621100' &&
          body.every((x, i) => !x.parent || body.slice(0, i).some((y) => y.code === x.parent));
        return {
          user: u.username,
          request: 'GET /org-units',
          relation: '-',
          expected: MAY_READ.has(u.role) ? { status: 200, tree: true } : { status: 403 },
          actual: res.status === 200 ? { status: 200, tree: ok } : { status: res.status },
        };
      }),
    );
    expect(mismatches(rows)).toEqual([]);
    const clerk = (await (await p.api('/api/v1/org-units', { token: tokens.get('clerk.621102101')! })).json()) as OrgUnitView[];
    expect(clerk.find((x) => x.code === '621102101')).toEqual({
      code: '621102101',
      name: '巉口镇',
      nameEn: 'Chankou town',
      level: 'township',
      parent: '621102',
    });
  });

  it('GET /api/v1/categories: every reader 200, every other role 403', async () => {
    const rows = await pool(
      USERS.map((u) => async (): Promise<Row> => {
        const res = await p.api('/api/v1/categories', { token: tokens.get(u.username)! });
        const body = (await res.json()) as unknown[];
        return {
          user: u.username,
          request: 'GET /categories',
          relation: '-',
          expected: MAY_READ.has(u.role) ? { status: 200, nonEmpty: true } : { status: 403 },
          actual: res.status === 200 ? { status: 200, nonEmpty: Array.isArray(body) && body.length > 0 } : { status: res.status },
        };
      }),
    );
    expect(mismatches(rows)).toEqual([]);
    expect(rows.some((r) => (r.actual as { status: number }).status === 403)).toBe(true); // the table has both answers
  });

  it('GET /api/v1/cases/{id}: 200 within the jurisdiction, 404 outside it (existence not revealed), 403 for roles that may not read', async () => {
    const rows = await pool(
      USERS.flatMap((u) =>
        seeds.map((c) => async (): Promise<Row> => {
          const res = await p.api(`/api/v1/cases/${c.id}`, { token: tokens.get(u.username)! });
          const body = (await res.json()) as { id?: string; status?: number };
          const expected = !MAY_READ.has(u.role) ? 403 : maySee(u, c) ? 200 : 404;
          return {
            user: u.username,
            request: `GET /cases/{${c.orgUnit} case by ${c.registeredBy}}`,
            relation: relation(c.orgUnit, u.unit),
            expected: { status: expected, id: expected === 200 ? c.id : undefined },
            actual: { status: res.status, id: res.status === 200 ? body.id : undefined },
          };
        }),
      ),
    );
    expect(mismatches(rows)).toEqual([]);
    // The matrix covers each relation with both answers where they exist.
    const seen = new Set(rows.map((r) => `${r.relation}:${(r.actual as { status: number }).status}`));
    expect([...seen]).toEqual(expect.arrayContaining(['own unit:200', 'subtree:200', 'sibling:404', 'parent:404', 'no unit:200', 'no unit:404']));
  });

  it.each(['/petition', '/petition/documents/acceptance-notice'])(
    'GET /api/v1/cases/{id}%s: 200 for petition readers within the jurisdiction, 404 outside it, 403 for other roles',
    async (route) => {
      const rows = await pool(
        USERS.flatMap((u) =>
          seeds.map((c) => async (): Promise<Row> => {
            const res = await p.api(`/api/v1/cases/${c.id}${route}`, { token: tokens.get(u.username)! });
            await res.arrayBuffer();
            return {
              user: u.username,
              request: `GET /cases/{${c.orgUnit} case}${route}`,
              relation: relation(c.orgUnit, u.unit),
              expected: { status: !MAY_READ_PETITION.has(u.role) ? 403 : u.unit && maySee(u, c) ? 200 : 404 },
              actual: { status: res.status },
            };
          }),
        ),
      );
      expect(mismatches(rows)).toEqual([]);
      const seen = new Set(rows.map((r) => `${r.relation}:${(r.actual as { status: number }).status}`));
      expect([...seen]).toEqual(expect.arrayContaining(['own unit:200', 'subtree:200', 'sibling:404', 'parent:404', 'no unit:403']));
    },
  );

  it('GET /api/v1/person-file?caseId=: the file within the jurisdiction, 404 outside it, 403 for roles without person files', async () => {
    const rows = await pool(
      USERS.flatMap((u) =>
        seeds.map((c) => async (): Promise<Row> => {
          const res = await p.api(`/api/v1/person-file?caseId=${c.id}`, { token: tokens.get(u.username)! });
          const body = (await res.json()) as { cases?: { id: string }[] };
          const expected = !MAY_READ_PERSON_FILE.has(u.role) ? 403 : maySee(u, c) ? 200 : 404;
          return {
            user: u.username,
            request: `GET /person-file?caseId={${c.orgUnit} case}`,
            relation: relation(c.orgUnit, u.unit),
            expected: { status: expected, has: expected === 200 },
            actual: { status: res.status, has: res.status === 200 && !!body.cases?.some((x) => x.id === c.id) },
          };
        }),
      ),
    );
    expect(mismatches(rows)).toEqual([]);
  });

  it('POST /api/v1/cases: registrars in their own unit and its subtree 201, in a sibling or a parent unit 403; other roles 403', async () => {
    const rows = await pool(
      USERS.flatMap((u) =>
        UNITS.map((unit) => async (): Promise<Row> => {
          const r = await register(u.username, unit, `矩阵登记 ${u.username} → ${unit}`);
          const allowed = MAY_REGISTER.has(u.role) && (!u.unit || within(unit, u.unit));
          return {
            user: u.username,
            request: `POST /cases {orgUnit: ${unit}}`,
            relation: relation(unit, u.unit),
            expected: allowed ? { status: 201, orgUnit: unit } : { status: 403 },
            actual: r.status === 201 ? { status: 201, orgUnit: r.body.orgUnit } : { status: r.status },
          };
        }),
      ),
      4,
    );
    expect(mismatches(rows)).toEqual([]);
    const seen = new Set(rows.map((r) => `${r.relation}:${(r.actual as { status: number }).status}`));
    expect([...seen]).toEqual(expect.arrayContaining(['own unit:201', 'subtree:201', 'sibling:403', 'parent:403', 'own unit:403']));
  });

  it('GET /api/v1/cases: the list is exactly the cases the caller may see — every case stored so far, seeds and registrations', async () => {
    const rows = await pool(
      USERS.map((u) => async (): Promise<Row> => {
        const visible = cases
          .filter((c) => maySee(u, c))
          .map((c) => c.id)
          .sort();
        return {
          user: u.username,
          request: 'GET /cases',
          relation: '-',
          expected: MAY_READ.has(u.role) ? { status: 200, ids: visible, total: visible.length } : { status: 403 },
          actual: await listIds(u.username, ''),
        };
      }),
    );
    expect(cases.length).toBeGreaterThan(seeds.length);
    expect(mismatches(rows)).toEqual([]);
  });

  it('GET /api/v1/cases?orgUnit=: 200 with that subtree inside the jurisdiction, 403 for a sibling or a parent unit', async () => {
    const rows = await pool(
      USERS.flatMap((u) =>
        UNITS.map((unit) => async (): Promise<Row> => {
          const inJurisdiction = !u.unit || within(unit, u.unit);
          const visible = cases
            .filter((c) => maySee(u, c) && within(c.orgUnit, unit))
            .map((c) => c.id)
            .sort();
          return {
            user: u.username,
            request: `GET /cases?orgUnit=${unit}`,
            relation: relation(unit, u.unit),
            expected: !MAY_READ.has(u.role) ? { status: 403 } : inJurisdiction ? { status: 200, ids: visible, total: visible.length } : { status: 403 },
            actual: await listIds(u.username, `&orgUnit=${unit}`),
          };
        }),
      ),
    );
    expect(mismatches(rows)).toEqual([]);
  });

  it('GET /api/v1/cases?q=<case number>: finds a case only for those who may see it', async () => {
    const rows = await pool(
      USERS.filter((u) => MAY_READ.has(u.role)).flatMap((u) =>
        seeds.map(
          (c) => async (): Promise<Row> => ({
            user: u.username,
            request: `GET /cases?q=${c.caseNo}`,
            relation: relation(c.orgUnit, u.unit),
            expected: { status: 200, ids: maySee(u, c) ? [c.id] : [], total: maySee(u, c) ? 1 : 0 },
            actual: await listIds(u.username, `&q=${encodeURIComponent(c.caseNo)}`),
          }),
        ),
      ),
    );
    expect(mismatches(rows)).toEqual([]);
  });
});

describe('role × action and statistics × org unit', () => {
  // `rate` on a case in first contact never changes anything: it answers 409 (not in this state)
  // wherever the caller may act, so the matrix shows jurisdiction without moving any case.
  const MAY_RATE = new Set(['resident', 'clerk']);
  const MAY_READ_STATS = new Set(['leader', 'admin', 'clerk', 'mediator']);

  it('POST /api/v1/cases/{id}/actions/rate: 409 within the jurisdiction, 404 outside it, 403 for roles that may not rate', async () => {
    const rows = await pool(
      USERS.flatMap((u) =>
        seeds.map((c) => async (): Promise<Row> => {
          const res = await p.api(`/api/v1/cases/${c.id}/actions/rate`, { method: 'POST', token: tokens.get(u.username)!, body: JSON.stringify({ score: 5 }) });
          const expected = !MAY_RATE.has(u.role) ? 403 : maySee(u, c) ? 409 : 404;
          return {
            user: u.username,
            request: `POST /cases/{${c.orgUnit} case}/actions/rate`,
            relation: relation(c.orgUnit, u.unit),
            expected: { status: expected },
            actual: { status: res.status },
          };
        }),
      ),
    );
    expect(mismatches(rows)).toEqual([]);
    const seen = new Set(rows.map((r) => `${r.relation}:${(r.actual as { status: number }).status}`));
    expect([...seen]).toEqual(expect.arrayContaining(['own unit:409', 'subtree:409', 'sibling:404', 'parent:404', 'no unit:409', 'no unit:404']));
  });

  it("GET /api/v1/stats?orgUnit=: the subtree's figures inside the jurisdiction, 403 for a sibling or a parent unit", async () => {
    const adminToken = tokens.get('admin')!;
    const received = async (unit: string, token: string) => {
      const res = await p.api(`/api/v1/stats?orgUnit=${unit}`, { token });
      return res.status === 200 ? { status: 200, received: ((await res.json()) as { received: number }).received } : { status: res.status };
    };
    // The read model follows the event stream: wait until it has every case registered so far.
    await waitFor(async () => (await received('621100', adminToken)).received === cases.length, { what: 'insights caught up', timeoutMs: 60_000 });
    const rows = await pool(
      USERS.flatMap((u) =>
        UNITS.map((unit) => async (): Promise<Row> => {
          const allowed = MAY_READ_STATS.has(u.role) && !!u.unit && within(unit, u.unit);
          const inSubtree = cases.filter((c) => within(c.orgUnit, unit)).length;
          return {
            user: u.username,
            request: `GET /stats?orgUnit=${unit}`,
            relation: relation(unit, u.unit),
            expected: allowed ? { status: 200, received: inSubtree } : { status: 403 },
            actual: await received(unit, tokens.get(u.username)!),
          };
        }),
      ),
    );
    expect(mismatches(rows)).toEqual([]);
    const seen = new Set(rows.map((r) => `${r.relation}:${(r.actual as { status: number }).status}`));
    expect([...seen]).toEqual(expect.arrayContaining(['own unit:200', 'subtree:200', 'sibling:403', 'parent:403']));
  });
});

describe("a sibling township's cases never appear", () => {
  const townships = [
    { clerk: 'clerk.621102101', own: '621102101', sibling: '621102102' },
    { clerk: 'clerk.621102102', own: '621102102', sibling: '621102101' },
  ];

  it.each(townships)('$clerk: no list, page or search shows a case of $sibling', async ({ clerk, sibling }) => {
    const siblingCases = cases.filter((c) => within(c.orgUnit, sibling));
    expect(siblingCases.length).toBeGreaterThan(0);
    const siblingIds = new Set(siblingCases.map((c) => c.id));
    const token = tokens.get(clerk)!;
    const seenUnits = new Set<string>();
    const queries = ['', '&page=2&pageSize=5', '&orgUnit=621102', '&orgUnit=621100', '&q=辖区矩阵', '&q=621102', `&q=${sibling}`];
    for (const q of queries) {
      const res = await p.api(`/api/v1/cases?pageSize=200${q}`, { token });
      if (res.status !== 200) continue; // a parent unit as the filter is refused (403), which leaks nothing either
      for (const item of ((await res.json()) as Page<CaseView>).items) {
        seenUnits.add(item.orgUnit);
        expect(siblingIds.has(item.id)).toBe(false);
      }
    }
    expect([...seenUnits].filter((u) => within(u, sibling))).toEqual([]);
    for (const c of siblingCases.slice(0, 5)) expect((await p.api(`/api/v1/cases/${c.id}`, { token })).status).toBe(404);
  });
});

describe('the key-person register: role × route × org unit (need-to-know)', () => {
  /** libs/rules KEY_PERSON_* role lists, restated here from docs/api.md, not imported. */
  const ROUTE = new Set(['key-person-officer', 'leader', 'grid-worker', 'clerk', 'dept-officer', 'mediator']);
  const OFFICER = new Set(['key-person-officer', 'leader']);
  const STATS = new Set(['key-person-officer', 'leader', 'admin']);

  interface KnownPerson {
    id: string;
    orgUnit: string;
    responsible: string[];
  }
  const persons: KnownPerson[] = [];
  const kpSeeds: KnownPerson[] = [];

  /** Responsible persons by area: the village's grid worker, the sibling township's clerk, else the Chankou police officer (for county-level persons too, so a responsible person below the person's unit opens it). */
  const responsibleFor = (unit: string) =>
    within(unit, '621102101201')
      ? [{ username: 'grid.621102101201', role: 'grid-worker' }]
      : within(unit, '621102102')
        ? [{ username: 'clerk.621102102', role: 'cadre' }]
        : [{ username: 'dept.public-security.621102101', role: 'police' }];

  async function registerPerson(username: string, orgUnit: string) {
    const responsible = responsibleFor(orgUnit);
    const res = await p.api('/api/v1/key-persons', {
      method: 'POST',
      token: tokens.get(username)!,
      body: JSON.stringify({
        name: `矩阵人员${orgUnit.slice(-3)}`,
        description: '辖区矩阵测试',
        category: 'other',
        riskLevel: 'low',
        orgUnit,
        reason: '矩阵测试列管',
        responsible,
      }),
    });
    const body = (await res.json()) as KeyPersonListItem;
    if (res.status === 201) persons.push({ id: body.id, orgUnit: body.orgUnit, responsible: responsible.map((r) => r.username) });
    return { status: res.status, body };
  }

  /** Need-to-know: responsible persons always; officers and leaders within their jurisdiction. */
  const mayOpen = (u: DemoUser, k: KnownPerson) =>
    ROUTE.has(u.role) && (k.responsible.includes(u.username) || (OFFICER.has(u.role) && !!u.unit && within(k.orgUnit, u.unit)));

  beforeAll(async () => {
    // The demo persons (migrate --seed-demo) are on the register too: the city leader sees them all.
    const demo = await p.api('/api/v1/key-persons?pageSize=200', { token: tokens.get('leader.621100')! });
    if (demo.status !== 200) throw new Error(`listing the demo key persons answered ${demo.status}`);
    for (const k of ((await demo.json()) as Page<KeyPersonListItem>).items)
      persons.push({ id: k.id, orgUnit: k.orgUnit, responsible: k.responsible.map((r) => r.username) });
    for (const unit of UNITS) {
      const r = await registerPerson('leader.621100', unit);
      if (r.status !== 201) throw new Error(`seeding a key person in ${unit} answered ${r.status}: ${JSON.stringify(r.body)}`);
    }
    kpSeeds.push(...persons);
  }, 120_000);

  it('GET /api/v1/key-persons/{id}?purpose=: 200 for the responsible and for officers and leaders in jurisdiction, 404 otherwise, 403 for other roles', async () => {
    const rows = await pool(
      USERS.flatMap((u) =>
        kpSeeds.map((k) => async (): Promise<Row> => {
          const res = await p.api(`/api/v1/key-persons/${k.id}?purpose=${encodeURIComponent('辖区矩阵核查')}`, { token: tokens.get(u.username)! });
          const body = (await res.json()) as { id?: string };
          const expected = !ROUTE.has(u.role) ? 403 : mayOpen(u, k) ? 200 : 404;
          return {
            user: u.username,
            request: `GET /key-persons/{${k.orgUnit} person}`,
            relation: relation(k.orgUnit, u.unit),
            expected: { status: expected, id: expected === 200 ? k.id : undefined },
            actual: { status: res.status, id: res.status === 200 ? body.id : undefined },
          };
        }),
      ),
    );
    expect(mismatches(rows)).toEqual([]);
    const seen = new Set(rows.map((r) => `${r.relation}:${(r.actual as { status: number }).status}`));
    expect([...seen]).toEqual(expect.arrayContaining(['own unit:200', 'subtree:200', 'sibling:404', 'parent:404', 'parent:200', 'no unit:403']));
  });

  it('POST /api/v1/key-persons: officers and leaders in their own unit and subtree 201, elsewhere 403; other roles 403', async () => {
    const rows = await pool(
      USERS.flatMap((u) =>
        UNITS.map((unit) => async (): Promise<Row> => {
          const r = await registerPerson(u.username, unit);
          const allowed = OFFICER.has(u.role) && !!u.unit && within(unit, u.unit);
          return {
            user: u.username,
            request: `POST /key-persons {orgUnit: ${unit}}`,
            relation: relation(unit, u.unit),
            expected: allowed ? { status: 201, orgUnit: unit } : { status: 403 },
            actual: r.status === 201 ? { status: 201, orgUnit: r.body.orgUnit } : { status: r.status },
          };
        }),
      ),
      4,
    );
    expect(mismatches(rows)).toEqual([]);
  });

  it('GET /api/v1/key-persons[?orgUnit=]: exactly the persons of the jurisdiction within the filter, masked, for officers and leaders; 403 for other roles', async () => {
    const rows = await pool(
      USERS.flatMap((u) =>
        ['', ...UNITS].map((unit) => async (): Promise<Row> => {
          const res = await p.api(`/api/v1/key-persons?pageSize=200${unit ? `&orgUnit=${unit}` : ''}`, { token: tokens.get(u.username)! });
          const page = res.status === 200 ? ((await res.json()) as Page<KeyPersonListItem>) : undefined;
          const scope = unit || u.unit;
          // A filter outside the jurisdiction narrows the caller's own persons (none for a sibling), never widens them.
          const allowed = OFFICER.has(u.role) && !!u.unit;
          const ids = persons
            .filter((k) => allowed && within(k.orgUnit, scope!) && within(k.orgUnit, u.unit!))
            .map((k) => k.id)
            .sort();
          return {
            user: u.username,
            request: `GET /key-persons${unit ? `?orgUnit=${unit}` : ''}`,
            relation: unit ? relation(unit, u.unit) : '-',
            expected: allowed ? { status: 200, ids } : { status: 403 },
            actual: page ? { status: 200, ids: page.items.map((i) => i.id).sort() } : { status: res.status },
          };
        }),
      ),
    );
    expect(mismatches(rows)).toEqual([]);
  });

  it('GET /api/v1/key-persons/tasks: only persons the caller stands responsible for; 403 for roles that never stand responsible', async () => {
    const STAFF = new Set(['grid-worker', 'clerk', 'dept-officer', 'mediator', 'key-person-officer', 'leader']);
    const rows = await pool(
      USERS.map((u) => async (): Promise<Row> => {
        const res = await p.api('/api/v1/key-persons/tasks', { token: tokens.get(u.username)! });
        const tasks = res.status === 200 ? ((await res.json()) as Array<{ personId: string }>) : [];
        const strangers = tasks.filter((t) => !persons.find((k) => k.id === t.personId)?.responsible.includes(u.username)).map((t) => t.personId);
        return {
          user: u.username,
          request: 'GET /key-persons/tasks',
          relation: '-',
          expected: STAFF.has(u.role) ? { status: 200, strangers: [] } : { status: 403 },
          actual: res.status === 200 ? { status: 200, strangers } : { status: res.status },
        };
      }),
    );
    expect(mismatches(rows)).toEqual([]);
  });

  it('GET /api/v1/key-persons/stats?orgUnit=: counts inside the jurisdiction for officers, leaders and admins; 403 outside it and for other roles', async () => {
    const rows = await pool(
      USERS.flatMap((u) =>
        UNITS.map((unit) => async (): Promise<Row> => {
          const res = await p.api(`/api/v1/key-persons/stats?orgUnit=${unit}`, { token: tokens.get(u.username)! });
          await res.arrayBuffer();
          return {
            user: u.username,
            request: `GET /key-persons/stats?orgUnit=${unit}`,
            relation: relation(unit, u.unit),
            expected: { status: STATS.has(u.role) && !!u.unit && within(unit, u.unit) ? 200 : 403 },
            actual: { status: res.status },
          };
        }),
      ),
    );
    expect(mismatches(rows)).toEqual([]);
    const seen = new Set(rows.map((r) => `${r.relation}:${(r.actual as { status: number }).status}`));
    expect([...seen]).toEqual(expect.arrayContaining(['own unit:200', 'subtree:200', 'sibling:403', 'parent:403']));
  });
});
