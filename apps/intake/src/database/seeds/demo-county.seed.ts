import type { DataSource } from 'typeorm';
import { defaultRoutingRules, DEFAULT_POINTS_RULES, orgTreeInputSchema, type OrgUnitInput, type OrgUnitUpsertedData } from '@fengqiao/contracts';
import { PiiProtector } from '../../cases/pii-protector';
import { writeGridData } from '../../reference/grid-register';
import { announceOrgUnits, announced } from '../../reference/org-tree.service';
import { demoGrids, DEMO_VILLAGE_GRID_WORKERS } from './demo-grids';

/** The demo county of docs/demo-county.md: fixed names for demos and end-to-end tests. */
export const DEMO_ORG_UNITS = [
  { code: '621100', name: '定西市', nameEn: 'Dingxi city', level: 'city', parent: null },
  { code: '621102', name: '安定区', nameEn: 'Anding district', level: 'county', parent: '621100' },
  { code: '621102101', name: '巉口镇', nameEn: 'Chankou town', level: 'township', parent: '621102' },
  { code: '621102102', name: '内官营镇', nameEn: 'Neiguanying town', level: 'township', parent: '621102' },
  { code: '621102101201', name: '东川村', nameEn: 'Dongchuan village', level: 'village', parent: '621102101' },
  { code: '621102101202', name: '巉口村', nameEn: 'Chankou village', level: 'village', parent: '621102101' },
  { code: '621102102201', name: '锦屏村', nameEn: 'Jinping village', level: 'village', parent: '621102102' },
] as const;

/** Categories; their periods, teams and tiers are the routing rules (version 1: the local defaults of docs/deadlines.md). */
export const DEFAULT_CATEGORIES = [
  { code: 'marriage-family', name: '婚姻家庭', nameEn: 'Marriage and family' },
  { code: 'neighbour', name: '邻里纠纷', nameEn: 'Neighbours' },
  { code: 'labour', name: '劳动争议', nameEn: 'Labour' },
  { code: 'land', name: '土地纠纷', nameEn: 'Land' },
  { code: 'property', name: '物业纠纷', nameEn: 'Property management' },
  { code: 'medical', name: '医疗纠纷', nameEn: 'Medical' },
  { code: 'traffic', name: '交通事故', nameEn: 'Traffic' },
  { code: 'consumer', name: '消费维权', nameEn: 'Consumer' },
  { code: 'other', name: '其他', nameEn: 'Other' },
] as const;

/** The demo county's people as infra/keycloak's dev realm names them (firstName + ' ' + lastName). */
export const DEMO_PEOPLE: Readonly<Record<string, string>> = {
  admin: '系统管理员 定西市',
  'leader.621100': '领导 定西市',
  'leader.621102': '领导 安定区',
  'clerk.621102101': '受理员 巉口镇',
  'clerk.621102102': '受理员 内官营镇',
  'mediator.621102101': '调解员 巉口镇',
  'mediator.621102102': '调解员 内官营镇',
  'mediator.621100': '调解员 定西市',
  'dept.public-security.621102101': '公安专员 巉口镇',
  'dept.housing.621100': '住建专员 定西市',
  'legal-aid.621102': '法律援助专员 安定区',
  'lawyer.621102': '法律援助律师 安定区',
  'petition.621102': '信访专员 安定区',
  'petition.621102101': '信访专员 巉口镇',
  'key-person.621102101': '重点人员专管员 巉口镇',
  'grid.621102101201': '网格员 东川村',
  'resident.demo': '居民 演示',
};

/** A demo login's display name; the login itself for one the realm does not have. */
export const personName = (username: string): string => DEMO_PEOPLE[username] ?? username;

/** Who answers for online submissions (首问负责) in each town; its villages fall back to it. */
export const DEMO_FIRST_CONTACT_CLERKS = [
  { orgUnit: '621102101', username: 'clerk.621102101' },
  { orgUnit: '621102102', username: 'clerk.621102102' },
] as const;

/**
 * The demo county's org units with the grid register: boundaries of townships and villages, the
 * generated third-level grids (`<village>-NN`) with theirs and their grid workers (demo-grids.ts),
 * checked by the one validator of org-tree input (the API's).
 */
export function demoCountyUnits(): OrgUnitInput[] {
  const { areas, grids } = demoGrids();
  const units = [
    ...DEMO_ORG_UNITS.map((u) => ({
      ...u,
      ...(areas.has(u.code) ? { boundary: areas.get(u.code) } : {}),
      ...(DEMO_VILLAGE_GRID_WORKERS[u.code] ? { workers: DEMO_VILLAGE_GRID_WORKERS[u.code] } : {}),
    })),
    ...grids,
  ];
  return orgTreeInputSchema.parse({ units }).units;
}

function pathOf(code: string, units: readonly { code: string; parent: string | null }[]): string {
  const chain: string[] = [];
  let cur: string | null = code;
  while (cur) {
    chain.unshift(cur);
    cur = units.find((u) => u.code === cur)?.parent ?? null;
  }
  return `/${chain.join('/')}/`;
}

/**
 * Idempotent: a second run updates names, boundaries and grid workers and leaves cases alone. Grid
 * workers' phones are stored as the API stores them (`pii`: PII_KEYRING and PII_BLIND_INDEX_KEY).
 */
export async function seedReferenceData(ds: DataSource, withDemoCounty: boolean, pii: PiiProtector = new PiiProtector()): Promise<void> {
  for (const c of DEFAULT_CATEGORIES) {
    await ds.query(
      `INSERT INTO intake.categories (code, name, name_en) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en`,
      [c.code, c.name, c.nameEn],
    );
  }
  // Only into an empty table: published versions belong to admins and are never rewritten.
  await ds.query(
    `INSERT INTO intake.routing_rules (version, note, rules, published_by, published_at)
     SELECT 1, $1, $2::jsonb, 'system', now() WHERE NOT EXISTS (SELECT 1 FROM intake.routing_rules)`,
    ['默认规则（deadlines.md 本地默认期限） / local defaults', JSON.stringify(defaultRoutingRules(DEFAULT_CATEGORIES.map((c) => c.code)))],
  );
  await ds.query(
    `INSERT INTO intake.points_rules (version, rules, daily_cap, note, published_by, published_at)
     SELECT 1, $1::jsonb, $2, $3, 'system', now() WHERE NOT EXISTS (SELECT 1 FROM intake.points_rules)`,
    [JSON.stringify(DEFAULT_POINTS_RULES.rules), DEFAULT_POINTS_RULES.dailyCap, DEFAULT_POINTS_RULES.note ?? null],
  );
  if (!withDemoCounty) return;
  const units = demoCountyUnits();
  await ds.transaction(async (m) => {
    const added: OrgUnitUpsertedData[] = [];
    for (const u of units) {
      const path = pathOf(u.code, units);
      const [row] = (await m.query(
        `INSERT INTO intake.org_units (code, name, name_en, level, parent_code, path) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en
         RETURNING (xmax = 0) AS inserted`,
        [u.code, u.name, u.nameEn, u.level, u.parent, path],
      )) as { inserted: boolean }[];
      // The grids are announced as an admin's load announces them, so the services' copies of the tree
      // learn them (their own seeds hold the seven units of DEMO_ORG_UNITS only).
      if (row?.inserted && !DEMO_ORG_UNITS.some((d) => d.code === u.code)) added.push(announced(u, path));
    }
    await writeGridData(m, units, pii);
    await announceOrgUnits(m, added, new Date());
  });
  for (const [username, name] of Object.entries(DEMO_PEOPLE)) {
    await ds.query(`INSERT INTO intake.people (username, name) VALUES ($1, $2) ON CONFLICT (username) DO UPDATE SET name = EXCLUDED.name`, [username, name]);
  }
  for (const c of DEMO_FIRST_CONTACT_CLERKS) {
    await ds.query(
      `INSERT INTO intake.first_contact_clerks (org_unit, username, name) VALUES ($1, $2, $3)
       ON CONFLICT (org_unit, username) DO UPDATE SET name = EXCLUDED.name`,
      [c.orgUnit, c.username, personName(c.username)],
    );
  }
}
