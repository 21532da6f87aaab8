import type { DataSource } from 'typeorm';
import { inScope } from '@fengqiao/persistence';

/**
 * The demo county's legal-aid data (docs/demo-county.md): economic standards for the province and
 * the district, and five providers in 安定区 and two of its townships. Demo data, named as such.
 */
export const DEMO_STANDARDS = [
  {
    orgUnit: '620000',
    minimumLivingMonthly: 760,
    multiplier: 2,
    effectiveFrom: '2025-01-01',
    source: '演示数据：甘肃省城乡居民最低生活保障标准（示例，760 元/月），经济困难标准按低保标准的 2 倍计',
  },
  {
    orgUnit: '621102',
    minimumLivingMonthly: 780,
    multiplier: 2,
    effectiveFrom: '2026-07-01',
    source: '演示数据：安定区法律援助经济困难标准（示例，低保 780 元/月 × 2）',
  },
] as const;

export const DEMO_PROVIDERS = [
  {
    name: '张明',
    type: 'staff-lawyer',
    organisation: '安定区法律援助中心',
    specialities: ['labour', 'social-insurance-or-assistance', 'personal-injury', 'criminal-defence', 'criminal-compulsory'],
    orgUnit: '621102',
    capacity: 6,
    username: 'lawyer.621102',
  },
  {
    name: '王丽华',
    type: 'firm-lawyer',
    organisation: '甘肃陇原律师事务所',
    specialities: ['maintenance', 'pension', 'labour', 'other-civil'],
    orgUnit: '621102',
    capacity: 5,
    username: null,
  },
  {
    name: '赵建国',
    type: 'firm-lawyer',
    organisation: '甘肃定西正和律师事务所',
    specialities: ['criminal-defence', 'criminal-victim', 'criminal-compulsory', 'state-compensation'],
    orgUnit: '621102',
    capacity: 4,
    username: null,
  },
  {
    name: '马秀英',
    type: 'grassroots-worker',
    organisation: '巉口镇法律服务所',
    specialities: ['maintenance', 'labour', 'personal-injury'],
    orgUnit: '621102101',
    capacity: 3,
    username: null,
  },
  {
    name: '陈志强',
    type: 'grassroots-worker',
    organisation: '内官营镇法律服务所',
    specialities: ['labour', 'environmental', 'social-insurance-or-assistance'],
    orgUnit: '621102102',
    capacity: 3,
    username: null,
  },
] as const;

/** Adds what is missing (a standard by unit and source, a provider by name and organisation); returns how many rows were new. */
export async function seedDemoRoster(ds: DataSource): Promise<number> {
  return inScope(ds, { kind: 'system' }, async (m) => {
    let added = 0;
    for (const s of DEMO_STANDARDS) {
      const rows = (await m.query(
        `INSERT INTO legal_aid.economic_standards (org_unit, version, minimum_living_monthly, multiplier, effective_from, source, loaded_by)
         SELECT $1, coalesce((SELECT max(version) FROM legal_aid.economic_standards WHERE org_unit = $1), 0) + 1, $2, $3, $4, $5, 'demo-seed'
         WHERE NOT EXISTS (SELECT 1 FROM legal_aid.economic_standards WHERE org_unit = $1 AND source = $5) RETURNING id`,
        [s.orgUnit, s.minimumLivingMonthly, s.multiplier, s.effectiveFrom, s.source],
      )) as unknown[];
      added += rows.length;
    }
    for (const p of DEMO_PROVIDERS) {
      const rows = (await m.query(
        `INSERT INTO legal_aid.providers (name, type, organisation, specialities, org_unit, capacity, username)
         SELECT $1, $2, $3, $4, $5, $6, $7
         WHERE NOT EXISTS (SELECT 1 FROM legal_aid.providers WHERE name = $1 AND organisation = $3) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [p.name, p.type, p.organisation, [...p.specialities], p.orgUnit, p.capacity, p.username],
      )) as unknown[];
      added += rows.length;
    }
    return added;
  });
}
