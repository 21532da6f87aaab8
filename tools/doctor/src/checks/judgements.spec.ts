import { judgeKeys } from './keys';
import { judgeNats, versionAtLeast, type NatsFacts } from './nats';
import { judgePostgres, type PostgresFacts } from './postgres';
import { judgeRealm, type RealmFacts } from './keycloak';
import { judgeTemporal } from './temporal';

const statusOf = (findings: { check: string; status: string }[], check: string) => findings.find((f) => f.check === check)?.status;

describe('NATS', () => {
  const healthy: NatsFacts = {
    version: '2.12.3',
    authRequired: true,
    syncAlways: true,
    syncIntervalNs: 120e9,
    clusterSize: 3,
    eventStreams: [{ name: 'FQ_EVENTS', replicas: 3 }],
  };

  it('compares versions by number, not by text', () => {
    expect(versionAtLeast('2.10.0', '2.10.0')).toBe(true);
    expect(versionAtLeast('2.9.25', '2.10.0')).toBe(false);
    expect(versionAtLeast('v2.12.3', '2.10.0')).toBe(true);
  });

  it('a three-node cluster with R3, fsync always and logins is fine', () => {
    expect(judgeNats(healthy, true).every((f) => f.status === 'ok')).toBe(true);
  });

  it('periodic fsync, R1 on a cluster, an old server and no stream are wrong', () => {
    const f = judgeNats({ ...healthy, version: '2.9.0', syncAlways: false, eventStreams: [{ name: 'FQ_EVENTS', replicas: 1 }] }, true);
    expect(statusOf(f, 'version')).toBe('fail');
    expect(f.find((x) => x.check === 'sync_interval')!.say).toContain('every 120 s');
    expect(statusOf(f, 'stream FQ_EVENTS')).toBe('fail');
    expect(statusOf(judgeNats({ ...healthy, eventStreams: [] }, true), 'events stream')).toBe('fail');
  });

  it('anonymous access is to look at in development and wrong in production', () => {
    expect(statusOf(judgeNats({ ...healthy, authRequired: false }, false), 'authentication')).toBe('warn');
    expect(statusOf(judgeNats({ ...healthy, authRequired: false }, true), 'authentication')).toBe('fail');
  });
});

describe('PostgreSQL', () => {
  const healthy: PostgresFacts = {
    settings: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' },
    appRole: 'fengqiao_app',
    superuser: false,
    bypassRls: false,
    ownedTables: [],
    unforcedTables: [],
    rowSecurityTables: 12,
  };

  it('durable settings and an ordinary role under forced row security are fine', () => {
    expect(judgePostgres(healthy).every((f) => f.status === 'ok')).toBe(true);
  });

  it('each weakening is named', () => {
    const f = judgePostgres({ ...healthy, settings: { fsync: 'off', synchronous_commit: 'local', full_page_writes: 'off' }, unforcedTables: ['intake.cases'] });
    expect(['fsync', 'synchronous_commit', 'full_page_writes', 'row security'].map((c) => statusOf(f, c))).toEqual(['fail', 'fail', 'fail', 'fail']);
    expect(judgePostgres({ ...healthy, superuser: true }).find((x) => x.check === 'app role')!.say).toContain('superuser');
    expect(judgePostgres({ ...healthy, bypassRls: true }).find((x) => x.check === 'app role')!.say).toContain('BYPASSRLS');
    expect(judgePostgres({ ...healthy, ownedTables: ['intake.cases'] }).find((x) => x.check === 'app role')!.status).toBe('fail');
  });
});

describe('Temporal', () => {
  it('a month of retention is enough; a day is not; a missing namespace says how to make one', () => {
    expect(judgeTemporal('fengqiao', 30 * 86_400)[0]!.status).toBe('ok');
    expect(judgeTemporal('fengqiao', 86_400)[0]!.status).toBe('fail');
    expect(judgeTemporal('fengqiao', undefined)[0]!.say).toContain('create-namespace.sh');
  });
});

describe('Keycloak', () => {
  const healthy: RealmFacts = {
    realm: 'fengqiao',
    bruteForceProtected: true,
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    registrationAllowed: false,
    sslRequired: 'external',
    admins: [{ username: 'admin', otp: true }],
  };

  it('the realm as shipped is fine', () => {
    expect(judgeRealm(healthy, true).every((f) => f.status === 'ok')).toBe(true);
  });

  it('no brute-force guard, long tokens, self-registration, clear text and an admin without OTP are wrong', () => {
    const f = judgeRealm(
      {
        ...healthy,
        bruteForceProtected: false,
        accessTokenLifespan: 3600,
        registrationAllowed: true,
        sslRequired: 'none',
        admins: [{ username: 'root', otp: false }],
      },
      true,
    );
    expect(['brute-force guard', 'access token lifetime', 'self-registration', 'TLS', 'admin OTP'].map((c) => statusOf(f, c))).toEqual([
      'fail',
      'fail',
      'fail',
      'fail',
      'fail',
    ]);
    expect(f.find((x) => x.check === 'admin OTP')!.say).toContain('root');
  });
});

describe('key rings', () => {
  const real = {
    PII_KEYRING: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    PII_BLIND_INDEX_KEY: Buffer.alloc(32, 9).toString('base64'),
    TEMPORAL_CODEC_KEYRING: `t1:${Buffer.alloc(32, 3).toString('base64')}`,
  };

  it('real keys are fine and never printed', () => {
    const f = judgeKeys(real, true);
    expect(f.every((x) => x.status === 'ok')).toBe(true);
    expect(JSON.stringify(f)).not.toContain(real.PII_BLIND_INDEX_KEY);
  });

  it('missing keys are to look at in development and wrong in production; a short or malformed key is wrong', () => {
    expect(judgeKeys({}, false).map((x) => x.status)).toEqual(['warn', 'warn', 'warn']);
    expect(judgeKeys({}, true).map((x) => x.status)).toEqual(['fail', 'fail', 'fail']);
    expect(judgeKeys({ ...real, PII_BLIND_INDEX_KEY: 'c2hvcnQ=' }, true)[1]!.status).toBe('fail');
    expect(judgeKeys({ ...real, PII_KEYRING: 'nonsense' }, true)[0]!.status).toBe('fail');
  });
});
