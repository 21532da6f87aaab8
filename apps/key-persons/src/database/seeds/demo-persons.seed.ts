import type { DataSource } from 'typeorm';
import { blindIndex, idNumberCheckCharacter, maskName, type PiiCipher } from '@fengqiao/pii';

/**
 * Six invented persons on the demo county's register (docs/demo-county.md): every name, number and
 * story here is made up. Their supervision runs start when the service starts (the backstop).
 */
const OFFICER = 'key-person.621102101';
const RESPONSIBLE = [
  { username: 'grid.621102101201', role: 'grid-worker' },
  { username: 'dept.public-security.621102101', role: 'police' },
  { username: 'clerk.621102101', role: 'cadre' },
];

const id17 = (birth: string, seq: string) => `621102${birth}${seq}`;
const idNumber = (birth: string, seq: string) => id17(birth, seq) + idNumberCheckCharacter(id17(birth, seq));

const PERSONS = [
  {
    id: '6b1f0c2e-5a0d-4c43-9d0b-000000000001',
    name: '示例甲',
    birth: '19680312',
    seq: '101',
    unit: '621102101',
    category: 'long-term-petitioner',
    risk: 'high',
    gender: 'male',
    story: '多年反映土地补偿问题，曾多次越级上访。',
  },
  {
    id: '6b1f0c2e-5a0d-4c43-9d0b-000000000002',
    name: '示例乙',
    birth: '19750620',
    seq: '202',
    unit: '621102101',
    category: 'major-dispute-party',
    risk: 'medium',
    gender: 'female',
    story: '邻里宅基地纠纷当事人，调解尚未达成一致。',
  },
  {
    id: '6b1f0c2e-5a0d-4c43-9d0b-000000000003',
    name: '示例丙',
    birth: '19820105',
    seq: '113',
    unit: '621102101',
    category: 'community-correction',
    risk: 'low',
    gender: 'male',
    story: '社区矫正期间，按时报到。',
  },
  {
    id: '6b1f0c2e-5a0d-4c43-9d0b-000000000004',
    name: '示例丁',
    birth: '19700918',
    seq: '315',
    unit: '621102102',
    category: 'released-prisoner',
    risk: 'medium',
    gender: 'male',
    story: '刑满释放后返乡，就业帮扶中。',
  },
  {
    id: '6b1f0c2e-5a0d-4c43-9d0b-000000000005',
    name: '示例戊',
    birth: '19881130',
    seq: '426',
    unit: '621102102',
    category: 'mental-illness-care',
    risk: 'high',
    gender: 'female',
    story: '严重精神障碍患者，家属监护，定期随访服药情况。',
  },
  {
    id: '6b1f0c2e-5a0d-4c43-9d0b-000000000006',
    name: '示例己',
    birth: '19650401',
    seq: '537',
    unit: '621102101',
    category: 'other',
    risk: 'low',
    gender: 'male',
    story: '因债务纠纷情绪不稳，村委关注。',
  },
] as const;

/** Inserts the persons that are missing (fixed ids: a second run adds nothing); returns how many were new. */
export async function seedDemoPersons(ds: DataSource, cipher: PiiCipher, blindIndexKey: Buffer): Promise<number> {
  let added = 0;
  await ds.transaction(async (m) => {
    await m.query(`SELECT set_config('fq.scope', '*', true)`);
    for (const p of PERSONS) {
      const [unit] = (await m.query(`SELECT path FROM key_persons.org_units WHERE code = $1`, [p.unit])) as Array<{ path: string }>;
      const idNo = idNumber(p.birth, p.seq);
      const rows = (await m.query(
        `INSERT INTO key_persons.persons (id, org_unit, org_path, category, risk_level, status, name_enc, name_masked, id_number_enc, id_index,
           phone_enc, gender, address_enc, description_enc, registered_by, registered_at)
         VALUES ($1,$2,$3,$4,$5,'active',$6,$7,$8,$9,$10,$11,$12,$13,$14, now() - interval '20 days') ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          p.id,
          p.unit,
          unit?.path ?? null,
          p.category,
          p.risk,
          cipher.encrypt(p.name),
          maskName(p.name),
          cipher.encrypt(idNo),
          blindIndex(idNo, blindIndexKey),
          cipher.encrypt(`1390000${p.seq}${p.seq.slice(0, 1)}`),
          p.gender,
          cipher.encrypt(`演示县演示村${p.seq}号`),
          cipher.encrypt(p.story),
          OFFICER,
        ],
      )) as unknown[];
      if (!rows.length) continue;
      added++;
      for (const r of RESPONSIBLE)
        await m.query(`INSERT INTO key_persons.responsible (person_id, username, role) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`, [p.id, r.username, r.role]);
      await m.query(
        `INSERT INTO key_persons.risk_changes (id, person_id, from_level, to_level, reason_enc, by, at) VALUES (gen_random_uuid(), $1, NULL, $2, $3, $4, now() - interval '20 days')`,
        [p.id, p.risk, cipher.encrypt('列管登记（演示数据）'), OFFICER],
      );
    }
  });
  return added;
}
