import type { DataSource } from 'typeorm';
import type { Team } from '@fengqiao/contracts';

/**
 * The demo county of docs/demo-county.md (a copy of intake's list: services share
 * no code). Mediation keeps only what jurisdiction checks need.
 */
export const DEMO_ORG_UNITS = [
  { code: '621100', parent: null },
  { code: '621102', parent: '621100' },
  { code: '621102101', parent: '621102' },
  { code: '621102102', parent: '621102' },
  { code: '621102101201', parent: '621102101' },
  { code: '621102101202', parent: '621102101' },
  { code: '621102102201', parent: '621102102' },
] as const;

interface DemoMediator {
  id: string;
  name: string;
  /** The demo Keycloak user (infra/keycloak) who acts as this mediator. */
  username: string | null;
  orgUnit: string;
  teams: Team[];
  capacity: number;
}

/** Fixed ids, so a second seed finds them and inserts nothing. */
export const DEMO_MEDIATORS: readonly DemoMediator[] = [
  {
    id: '5e0d1a7e-0000-4000-8000-000000000101',
    name: '张调解',
    username: 'mediator.621102101',
    orgUnit: '621102101',
    teams: ['general', 'marriage-family'],
    capacity: 8,
  },
  { id: '5e0d1a7e-0000-4000-8000-000000000102', name: '李秀兰', username: null, orgUnit: '621102101', teams: ['marriage-family'], capacity: 6 },
  { id: '5e0d1a7e-0000-4000-8000-000000000103', name: '赵建军', username: null, orgUnit: '621102101', teams: ['labour', 'general'], capacity: 6 },
  { id: '5e0d1a7e-0000-4000-8000-000000000104', name: '孙国强', username: null, orgUnit: '621102101', teams: ['land'], capacity: 5 },
  { id: '5e0d1a7e-0000-4000-8000-000000000201', name: '王调解', username: 'mediator.621102102', orgUnit: '621102102', teams: ['general', 'land'], capacity: 8 },
  { id: '5e0d1a7e-0000-4000-8000-000000000202', name: '陈丽华', username: null, orgUnit: '621102102', teams: ['property', 'consumer'], capacity: 6 },
  { id: '5e0d1a7e-0000-4000-8000-000000000203', name: '周志刚', username: null, orgUnit: '621102102', teams: ['traffic'], capacity: 5 },
  { id: '5e0d1a7e-0000-4000-8000-000000000301', name: '刘调解', username: 'mediator.621100', orgUnit: '621100', teams: ['general', 'medical'], capacity: 10 },
  { id: '5e0d1a7e-0000-4000-8000-000000000302', name: '吴敏', username: null, orgUnit: '621100', teams: ['medical'], capacity: 8 },
  { id: '5e0d1a7e-0000-4000-8000-000000000303', name: '郑海涛', username: null, orgUnit: '621100', teams: ['labour', 'traffic'], capacity: 10 },
];

function pathOf(code: string): string {
  const chain: string[] = [];
  let cur: string | null = code;
  while (cur) {
    chain.unshift(cur);
    cur = DEMO_ORG_UNITS.find((u) => u.code === cur)?.parent ?? null;
  }
  return `/${chain.join('/')}/`;
}

/** Idempotent: rows that exist (by id, or a username already taken) are left as they are. Returns how many were new. */
export async function seedDemo(ds: DataSource): Promise<{ orgUnits: number; mediators: number }> {
  let orgUnits = 0;
  let mediators = 0;
  for (const u of DEMO_ORG_UNITS) {
    const rows = (await ds.query(`INSERT INTO mediation.org_units (code, parent_code, path) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code`, [
      u.code,
      u.parent,
      pathOf(u.code),
    ])) as unknown[];
    orgUnits += rows.length;
  }
  for (const m of DEMO_MEDIATORS) {
    const rows = (await ds.query(
      `INSERT INTO mediation.mediators (id, name, username, org_unit, teams, capacity, active) VALUES ($1, $2, $3, $4, $5, $6, true)
       ON CONFLICT DO NOTHING RETURNING id`,
      [m.id, m.name, m.username, m.orgUnit, m.teams, m.capacity],
    )) as unknown[];
    mediators += rows.length;
  }
  return { orgUnits, mediators };
}
