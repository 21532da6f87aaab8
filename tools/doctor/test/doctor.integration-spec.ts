import { ensureEventsStream } from '@fengqiao/messaging';
import { createTestContext, infraEnv, runAppScript, type TestContext } from '@fengqiao/testing';
import { examine, type DoctorEnv } from '../src/doctor';
import type { Finding } from '../src/finding';

/**
 * `npm run doctor` against the real local stack: a migrated database of its own and an events
 * stream, then the same deployment with the services' role swapped for the schema owner — the
 * mistake of running the apps as the owner, which row security does not bind.
 */
let ctx: TestContext;
let env: DoctorEnv;

beforeAll(async () => {
  ctx = await createTestContext('doctor');
  await runAppScript('intake', 'migrate.js', [], ctx.migrationEnv());
  await ensureEventsStream(await ctx.nats.jetstreamManager(), ctx.prefix);
  const infra = infraEnv();
  env = {
    APP_DATABASE_URL: ctx.appDatabaseUrl,
    NATS_URL: infra.natsUrl,
    FQ_PREFIX: ctx.prefix,
    TEMPORAL_ADDRESS: infra.temporalAddress,
    TEMPORAL_NAMESPACE: infra.temporalNamespace,
    KEYCLOAK_URL: infra.keycloakUrl,
    KEYCLOAK_REALM: infra.keycloakRealm,
  };
}, 180_000);

afterAll(async () => {
  await ctx?.dispose();
});

const byCheck = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [`${f.area}/${f.check}`, f]));

describe('npm run doctor on the local stack', () => {
  it('finds nothing wrong with the servers as tools/infra starts them; development keys and anonymous NATS only to look at', async () => {
    const findings = await examine(env);
    const f = byCheck(findings);
    expect(findings.filter((x) => x.status === 'fail')).toEqual([]);
    expect(f['nats/sync_interval']).toMatchObject({ status: 'ok' });
    expect(f[`nats/stream FQ_EVENTS_${ctx.prefix}`]).toMatchObject({ status: 'ok', say: expect.stringContaining('1 replica(s) on a 1-node cluster') });
    expect(f['postgres/app role']).toMatchObject({ status: 'ok', say: expect.stringContaining('fengqiao_app') });
    expect(f['postgres/row security']).toMatchObject({ status: 'ok', say: expect.stringMatching(/forced on all \d+ tables/) });
    expect(f['temporal/retention']).toMatchObject({ status: 'ok', say: expect.stringContaining('30 days') });
    expect(f['keycloak/admin OTP']).toMatchObject({ status: 'ok' });
    expect(f['keys/PII_KEYRING']).toMatchObject({ status: 'warn' });
    expect(f['nats/authentication']).toMatchObject({ status: 'warn' });
  });

  it('says so in plain words when the services run as the schema owner, and when a key ring is malformed', async () => {
    const findings = await examine({ ...env, APP_DATABASE_URL: ctx.databaseUrl, PII_KEYRING: 'k1:too-short' });
    const f = byCheck(findings);
    expect(f['postgres/app role']).toMatchObject({ status: 'fail', say: expect.stringMatching(/owns \d+ table\(s\).*must not run as the schema owner/) });
    expect(f['keys/PII_KEYRING']).toMatchObject({ status: 'fail', say: expect.stringContaining('malformed') });
    expect(JSON.stringify(findings)).not.toContain('too-short');
    expect(
      findings
        .filter((x) => x.status === 'fail')
        .map((x) => `${x.area}/${x.check}`)
        .sort(),
    ).toEqual(['keys/PII_KEYRING', 'postgres/app role']);
  });

  it('in production, anonymous NATS and development keys are wrong, not just to look at', async () => {
    const f = byCheck(await examine({ ...env, NODE_ENV: 'production' }));
    expect(f['nats/authentication']).toMatchObject({ status: 'fail' });
    expect(f['keys/TEMPORAL_CODEC_KEYRING']).toMatchObject({ status: 'fail' });
  });

  it('a server it cannot reach is one finding that says why, not a crash', async () => {
    const f = byCheck(await examine({ ...env, NATS_MONITOR_URL: 'http://127.0.0.1:1' }));
    expect(f['nats/monitor']).toMatchObject({ status: 'fail', say: expect.stringContaining('could not check') });
    expect(f['postgres/fsync']).toMatchObject({ status: 'ok' });
  });
});
