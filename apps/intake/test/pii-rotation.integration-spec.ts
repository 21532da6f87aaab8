import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { keyringFromEnv, PiiCipher } from '@fengqiao/pii';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import { CaseEntity, CasePartyEntity } from '../src/cases/case.entity';
import { reencryptGridWorkers, reencryptParties } from '../src/cases/pii-reencryption';
import { PiiProtector } from '../src/cases/pii-protector';
import { intakeEntities } from '../src/database/intake.entities';
import { intakeMigrations } from '../src/database/intake.migrations';
import { inScope } from '../src/database/jurisdiction-scope';
import { seedReferenceData } from '../src/database/seeds/demo-county.seed';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const before = new PiiCipher(keyringFromEnv(`k1:${k1};active=k1`));
const after = new PiiCipher(keyringFromEnv(`k1:${k1},k2:${k2};active=k2`));

let ctx: TestContext;
let ds: DataSource;

beforeAll(async () => {
  ctx = await createTestContext('rotation');
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: 'intake', entities: intakeEntities, migrations: intakeMigrations });
  await migrate(ds, 'intake');
  // The demo grid workers' phones are written under k1, as a deployment's were before the rotation.
  await seedReferenceData(ds, true, new PiiProtector(`k1:${k1};active=k1`));
  await inScope(ds, { kind: 'system' }, async (m) => {
    for (let i = 0; i < 7; i++) {
      const caseId = randomUUID();
      await m.insert(CaseEntity, {
        id: caseId,
        caseNo: `621102101-2026-${String(i).padStart(6, '0')}`,
        kind: 'dispute',
        category: 'neighbour',
        severity: 'ordinary',
        channel: 'walk-in',
        title: 't',
        description: 'd',
        status: 'first-contact',
        outcome: null,
        warning: 'green',
        orgUnit: '621102101',
        orgPath: '/621100/621102/621102101/',
        assignee: null,
        firstReplyDue: null,
        mediationDue: null,
        jointHandlingDue: null,
        deadlinesProvisional: false,
        occurredAt: null,
        location: null,
        workflowId: `w-${i}`,
        registeredBy: 'u',
        createdAt: new Date(),
        updatedAt: new Date(),
      });
      await m.insert(CasePartyEntity, {
        id: randomUUID(),
        caseId,
        ordinal: 0,
        role: 'applicant',
        name: '甲',
        idNumberEnc: before.encrypt('11010519491231002X'),
        idNumberBidx: 'b',
        idNumberMasked: 'm',
        phoneEnc: i % 2 ? before.encrypt('13812345678') : null,
        phoneBidx: null,
        phoneMasked: null,
      });
    }
  });
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
  await ctx?.dispose();
});

describe('key rotation', () => {
  it('old keys still decrypt while new writes use the active key', () => {
    const old = before.encrypt('13812345678');
    expect(after.decrypt(old)).toBe('13812345678');
    expect(after.keyIdOf(after.encrypt('x'))).toBe('k2');
  });

  it('re-encrypts every stored value under the new key, in batches, keeping the values', async () => {
    const report = await reencryptParties(ds, after, 3);
    expect(report).toEqual({ scanned: 7, reencrypted: 7 });
    const rows = await ctx.sql<{ id_number_enc: string; phone_enc: string | null }>('SELECT id_number_enc, phone_enc FROM intake.case_parties');
    for (const r of rows) {
      expect(after.keyIdOf(r.id_number_enc)).toBe('k2');
      expect(after.decrypt(r.id_number_enc)).toBe('11010519491231002X');
      if (r.phone_enc) expect([after.keyIdOf(r.phone_enc), after.decrypt(r.phone_enc)]).toEqual(['k2', '13812345678']);
    }
    // The old key can go: a cipher that knows only k2 reads everything.
    const onlyNew = new PiiCipher(keyringFromEnv(`k2:${k2};active=k2`));
    expect(rows.map((r) => onlyNew.decrypt(r.id_number_enc))).toHaveLength(7);
  });

  it('changes nothing on a second run', async () => {
    expect(await reencryptParties(ds, after, 3)).toEqual({ scanned: 7, reencrypted: 0 });
  });

  it("re-encrypts the grid workers' phones too, once", async () => {
    const [{ n }] = await ctx.sql<{ n: number }>('SELECT count(*)::int AS n FROM intake.grid_workers');
    expect(n).toBeGreaterThan(10);
    expect(await reencryptGridWorkers(ds, after)).toEqual({ scanned: n, reencrypted: n });
    const onlyNew = new PiiCipher(keyringFromEnv(`k2:${k2};active=k2`));
    const rows = await ctx.sql<{ phone_enc: string }>('SELECT phone_enc FROM intake.grid_workers');
    expect(rows.map((r) => onlyNew.decrypt(r.phone_enc))).toContain('13909320001');
    expect(await reencryptGridWorkers(ds, after)).toEqual({ scanned: n, reencrypted: 0 });
  });
});
