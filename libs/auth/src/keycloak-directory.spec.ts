import { KeycloakDirectory } from './keycloak-directory';

/** A Keycloak stand-in: the token endpoint and the two admin reads, with a log of what was asked. */
function keycloak(users: Record<string, { enabled: boolean; username: string; attributes?: Record<string, string[]>; roles: string[] }>) {
  const asked: string[] = [];
  let down = false;
  const fetch = (async (input: string | URL) => {
    const url = String(input);
    asked.push(url.replace('http://kc/', ''));
    if (down) return new Response('', { status: 503 });
    if (url.endsWith('/protocol/openid-connect/token')) return Response.json({ access_token: 'tok', expires_in: 300 });
    const m = /\/admin\/realms\/fengqiao\/users\/([^/]+)(\/role-mappings\/realm\/composite)?$/.exec(url);
    const u = m && users[decodeURIComponent(m[1]!)];
    if (!u) return new Response('', { status: 404 });
    return m[2]
      ? Response.json(u.roles.map((name) => ({ name })))
      : Response.json({ id: m[1], username: u.username, enabled: u.enabled, attributes: u.attributes });
  }) as typeof globalThis.fetch;
  return { fetch, asked, setDown: (v: boolean) => void (down = v) };
}

describe('KeycloakDirectory', () => {
  let clock = 0;
  const make = (kc: ReturnType<typeof keycloak>) =>
    new KeycloakDirectory({ keycloakUrl: 'http://kc', realm: 'fengqiao', clientId: 'c', clientSecret: 's', ttlMs: 1_000, fetch: kc.fetch, now: () => clock });

  it('builds the current caller as a token would carry it: effective roles, org unit, department', async () => {
    const kc = keycloak({
      u1: { enabled: true, username: 'service-account-x', attributes: { org_unit: ['621102'] }, roles: ['integrator', 'default-roles-fengqiao'] },
    });
    expect(await make(kc).caller('u1')).toEqual({
      userId: 'u1',
      username: 'service-account-x',
      roles: ['integrator', 'default-roles-fengqiao'],
      orgUnit: '621102',
      department: null,
    });
  });

  it('answers null for an account that is gone or disabled', async () => {
    const kc = keycloak({ off: { enabled: false, username: 'x', roles: ['integrator'] } });
    const d = make(kc);
    expect(await d.caller('off')).toBeNull();
    expect(await d.caller('gone')).toBeNull();
  });

  it('keeps an answer for its ttl, shares concurrent reads, and keeps no failure', async () => {
    const kc = keycloak({ u1: { enabled: true, username: 'x', roles: ['integrator'] } });
    const d = make(kc);
    clock = 0;
    await Promise.all([d.caller('u1'), d.caller('u1'), d.caller('u1')]);
    const reads = () => kc.asked.filter((a) => a.includes('/users/')).length;
    expect(reads()).toBe(2);
    clock = 999;
    await d.caller('u1');
    expect(reads()).toBe(2);
    clock = 1_001;
    kc.setDown(true);
    await expect(d.caller('u1')).rejects.toThrow(/503/);
    kc.setDown(false);
    expect((await d.caller('u1'))?.roles).toEqual(['integrator']);
    expect(kc.asked.filter((a) => a.endsWith('/token'))).toHaveLength(1);
  });
});
