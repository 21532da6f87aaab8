import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { keycloakAdmin, passwordGrant, waitFor, type KeycloakAdmin } from '@fengqiao/testing';

/**
 * Issue 4: brute-force lockout in the realm works (N failed logins → locked).
 *
 * Runs against the running dev realm. It never touches a demo user other tests log in as:
 * each case creates its own throwaway user through the admin REST API (master admin of
 * tools/infra) and deletes it afterwards. No gateway is needed.
 */

const realmFile = JSON.parse(readFileSync(resolve(__dirname, '../../../infra/keycloak/fengqiao-realm.dev.json'), 'utf8')) as Record<string, unknown>;

let admin: KeycloakAdmin;
let realm: Record<string, unknown>;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  admin = keycloakAdmin();
  realm = await admin.realm();
});

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
});

async function probeUser(label: string) {
  const username = `lockout.probe.${label}.${randomBytes(3).toString('hex')}`;
  const password = `probe-${randomBytes(12).toString('hex')}`;
  const user = await admin.createUser({ username, password });
  cleanups.push(user.remove);
  return { ...user, password };
}

/** The detector's state once it has counted `failures` (polled: Keycloak may record them after answering). */
async function statusAfter(userId: string, failures: number) {
  return waitFor(
    async () => {
      const s = await admin.bruteForceStatus(userId);
      return s.numFailures >= failures ? s : undefined;
    },
    { timeoutMs: 10_000, intervalMs: 100, what: `${failures} failures recorded` },
  );
}

describe('the realm as configured', () => {
  it('has brute-force detection on, temporary lockout after N ≤ 10 failures, as the realm file says', () => {
    expect(realmFile).toMatchObject({ bruteForceProtected: true });
    const n = Number(realmFile['failureFactor']);
    expect(n).toBeGreaterThanOrEqual(3);
    expect(n).toBeLessThanOrEqual(10);
    // The running realm is the file's (a stale import would make the rest of this file test something else).
    for (const key of [
      'bruteForceProtected',
      'failureFactor',
      'permanentLockout',
      'waitIncrementSeconds',
      'quickLoginCheckMilliSeconds',
      'minimumQuickLoginWaitSeconds',
      'maxFailureWaitSeconds',
    ]) {
      expect({ key, value: realm[key] }).toEqual({ key, value: realmFile[key] });
    }
  });
});

describe('lockout after N failed logins', () => {
  it('counts N−1 failures without locking, locks at the N-th, then refuses the right password', async () => {
    const n = Number(realm['failureFactor']);
    const quickMs = Number(realm['quickLoginCheckMilliSeconds'] ?? 0);
    const user = await probeUser('n');

    // The right password works before any failure: the refusal at the end is the lockout's doing.
    expect((await passwordGrant('fq-console', user.username, user.password)).status).toBe(200);

    // Failures spaced beyond the quick-login window, so only the failure count can lock the user.
    let lastAnswer = 0;
    const fail = async () => {
      const wait = lastAnswer + quickMs + 150 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const res = await passwordGrant('fq-console', user.username, 'wrong-password');
      lastAnswer = Date.now();
      expect(res.status).toBe(401);
      expect(res.body['error']).toBe('invalid_grant');
    };

    for (let i = 1; i < n; i++) await fail();
    const before = await statusAfter(user.id, n - 1);
    expect(before).toMatchObject({ numFailures: n - 1, disabled: false });

    await fail();
    const after = await statusAfter(user.id, n);
    expect(after).toMatchObject({ numFailures: n, disabled: true });

    const locked = await passwordGrant('fq-console', user.username, user.password);
    expect(locked.status).toBeGreaterThanOrEqual(400);
    expect(locked.body['error']).toBe('invalid_grant');
    expect(locked.body['access_token']).toBeUndefined();
  });

  it('locks at once when failures come faster than the quick-login window (scripted guessing)', async () => {
    const user = await probeUser('quick');
    await passwordGrant('fq-console', user.username, 'wrong-1');
    await passwordGrant('fq-console', user.username, 'wrong-2');
    expect(await statusAfter(user.id, 2)).toMatchObject({ disabled: true });
    const locked = await passwordGrant('fq-console', user.username, user.password);
    expect(locked.body['error']).toBe('invalid_grant');
    expect(locked.body['access_token']).toBeUndefined();
  });

  it('leaves other users alone: a demo user still logs in', async () => {
    expect((await passwordGrant('fq-console', 'clerk.621102101', 'fengqiao-demo')).status).toBe(200);
  });
});
