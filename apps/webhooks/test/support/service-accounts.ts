import { randomBytes } from 'node:crypto';
import type { KeycloakAdmin } from '@fengqiao/testing';

/**
 * Throwaway confidential clients with a service account in the dev realm (removed by the caller):
 * an integrator of its own whose roles and org unit the test changes, and the webhooks service's
 * directory reader (realm-management `view-users`; the shared `fq-services` of a Keycloak imported
 * before it had that role lacks it). The shared clients are not changed.
 */
export interface ServiceAccount {
  clientId: string;
  secret: string;
  userId: string;
  remove(): Promise<void>;
  /** Sets the service account's `org_unit` attribute. */
  moveTo(orgUnit: string): Promise<void>;
}

export async function serviceAccount(
  admin: KeycloakAdmin,
  o: { label: string; realmRoles?: string[]; clientRoles?: Record<string, string[]>; orgUnit?: string },
): Promise<ServiceAccount> {
  const [template] = await admin.request<{ protocolMappers?: Record<string, unknown>[] }[]>('/clients?clientId=fq-integrator-621102');
  const secret = randomBytes(16).toString('hex');
  const client = await admin.createClient({
    clientId: `fq-test-${o.label}-${randomBytes(3).toString('hex')}`,
    publicClient: false,
    secret,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: false,
    protocolMappers: (template?.protocolMappers ?? []).map(({ id: _id, ...m }) => m),
  });
  const user = await admin.request<{ id: string }>(`/clients/${client.id}/service-account-user`);
  const roles = await Promise.all((o.realmRoles ?? []).map((r) => admin.request<Record<string, unknown>>(`/roles/${encodeURIComponent(r)}`)));
  if (roles.length) await admin.request(`/users/${user.id}/role-mappings/realm`, { method: 'POST', body: roles });
  for (const [owner, names] of Object.entries(o.clientRoles ?? {})) {
    const [c] = await admin.request<Array<{ id: string }>>(`/clients?clientId=${encodeURIComponent(owner)}`);
    const reps = await Promise.all(names.map((n) => admin.request<Record<string, unknown>>(`/clients/${c!.id}/roles/${encodeURIComponent(n)}`)));
    await admin.request(`/users/${user.id}/role-mappings/clients/${c!.id}`, { method: 'POST', body: reps });
  }
  const moveTo = async (orgUnit: string) => {
    const rep = await admin.request<{ attributes?: Record<string, string[]> }>(`/users/${user.id}`);
    await admin.request(`/users/${user.id}`, { method: 'PUT', body: { ...rep, attributes: { ...(rep.attributes ?? {}), org_unit: [orgUnit] } } });
  };
  if (o.orgUnit) await moveTo(o.orgUnit);
  return { clientId: client.clientId, secret, userId: user.id, remove: client.remove, moveTo };
}
