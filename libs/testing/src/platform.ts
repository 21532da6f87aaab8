import { randomBytes } from 'node:crypto';
import { createTestContext, type TestContext } from './test-context';
import { runAppScript, startApp, type RunningApp } from './app-process';
import { keycloakAdmin, passwordGrant } from './keycloak-admin';

export interface Platform {
  ctx: TestContext;
  gateway: RunningApp;
  intake: RunningApp;
  orchestrator: RunningApp;
  /** Mediation deployments, one per `mediation` entry of the options (each serves its org units). */
  mediation: RunningApp[];
  /** Insights (the read model and statistics), when started with `insights: true`. */
  insights?: RunningApp;
  /** Petitions deployments, one per `petitions` entry of the options (the first also serves the general `petitions` queue). */
  petitions: RunningApp[];
  /** Legal-aid deployments, one per `legalAid` entry of the options (the first also serves the general `legal-aid` queue). */
  legalAid: RunningApp[];
  /** The key-persons service, when started with `keyPersons: true`. */
  keyPersons?: RunningApp;
  /** The webhooks service, when started with `webhooks: true`. */
  webhooks?: RunningApp;
  /** The 12345 hotline adapter, when started with `hotline` (its settings, e.g. the stand-in centre's push URL). */
  hotline?: RunningApp;
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The real slice for one test file (or one benchmark run): its own database (migrated, demo county
 * seeded), NATS prefix and task queues, with the built gateway, intake and orchestrator running as
 * processes against the real PostgreSQL, NATS, Temporal and Keycloak.
 */
export async function startPlatform(
  label: string,
  o: {
    mediation?: string[][];
    petitions?: string[][];
    legalAid?: string[][];
    insights?: boolean;
    /**
     * The key-person register, migrated with the demo county (its org units, so jurisdiction works before
     * the org-tree feed has anything, and its six demo persons: tests register their own beside them).
     */
    keyPersons?: boolean;
    /** The webhooks service (subscriptions, fan-out, deliverer), migrated. */
    webhooks?: boolean;
    /** The 12345 hotline adapter (apps/hotline-12345), migrated and started with these `HOTLINE_*` settings. */
    hotline?: Record<string, string>;
    env?: Record<string, string>;
  } = {},
): Promise<Platform> {
  const ctx = await createTestContext(label);
  // info level: tests read the apps' JSON logs (they are collected, not printed).
  const env = ctx.appEnv({ LOG_LEVEL: 'info', ...o.env });
  await runAppScript('gateway', 'migrate.js', [], ctx.migrationEnv());
  await runAppScript('intake', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  if (o.mediation?.length) await runAppScript('mediation', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  if (o.insights) await runAppScript('insights', 'migrate.js', [], ctx.migrationEnv());
  if (o.petitions?.length) await runAppScript('petitions', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  if (o.legalAid?.length) await runAppScript('legal-aid', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  if (o.keyPersons) await runAppScript('key-persons', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  if (o.webhooks) await runAppScript('webhooks', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  if (o.hotline) await runAppScript('hotline-12345', 'migrate.js', [], ctx.migrationEnv());
  const [intake, orchestrator, insights, keyPersons, webhooks, hotline, ...deployments] = await Promise.all([
    startApp('intake', env),
    startApp('orchestrator', env),
    o.insights ? startApp('insights', env) : undefined,
    o.keyPersons ? startApp('key-persons', env) : undefined,
    o.webhooks ? startApp('webhooks', env) : undefined,
    o.hotline ? startApp('hotline-12345', { ...env, ...o.hotline }) : undefined,
    ...(o.mediation ?? []).map((units) => startApp('mediation', { ...env, MEDIATION_ORG_UNITS: units.join(',') })),
    ...(o.petitions ?? []).map((units, i) =>
      startApp('petitions', { ...env, PETITIONS_ORG_UNITS: units.join(','), PETITIONS_GENERAL_QUEUE: i === 0 ? 'true' : 'false' }),
    ),
    ...(o.legalAid ?? []).map((units, i) =>
      startApp('legal-aid', { ...env, LEGAL_AID_ORG_UNITS: units.join(','), LEGAL_AID_GENERAL_QUEUE: i === 0 ? 'true' : 'false' }),
    ),
  ]);
  const mediation = deployments.slice(0, o.mediation?.length ?? 0) as RunningApp[];
  const petitions = deployments.slice(o.mediation?.length ?? 0, (o.mediation?.length ?? 0) + (o.petitions?.length ?? 0)) as RunningApp[];
  const legalAid = deployments.slice((o.mediation?.length ?? 0) + (o.petitions?.length ?? 0)) as RunningApp[];
  const gateway = await startApp('gateway', env);
  return {
    ctx,
    gateway,
    intake,
    orchestrator,
    mediation,
    insights,
    petitions,
    legalAid,
    keyPersons,
    webhooks,
    hotline,
    api: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${gateway.url}${path}`, { ...init, headers });
    },
    stop: async () => {
      await Promise.all([
        gateway.stop(),
        intake.stop(),
        orchestrator.stop(),
        insights?.stop(),
        keyPersons?.stop(),
        webhooks?.stop(),
        hotline?.stop(),
        ...mediation.map((m) => m.stop()),
        ...petitions.map((a) => a.stop()),
        ...legalAid.map((a) => a.stop()),
      ]);
      await ctx.dispose();
    },
  };
}

/** The steps a registered dispute takes one after another through the API, each one action, and the timeline entry it leaves. */
export const DISPUTE_WALK: ReadonlyArray<{ action: string; body: Record<string, unknown>; type: string }> = [
  { action: 'reply', body: { message: '已受理，当场答复', resolved: true }, type: 'replied' },
  { action: 'feedback', body: { message: '已电话告知处理结果', channel: 'phone' }, type: 'feedback-recorded' },
  { action: 'rate', body: { score: 5 }, type: 'rated' },
];

/** A valid dispute as a clerk of Chankou town registers it. */
export function sampleCase(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'dispute',
    category: 'neighbour',
    severity: 'ordinary',
    title: '邻里排水纠纷',
    description: '东川村两户因院墙排水发生争执，请求调解。',
    channel: 'walk-in',
    orgUnit: '621102101',
    occurredAt: '2026-11-20T09:30:00+08:00',
    location: { address: '东川村三社', gridCode: '621102101201-03' },
    parties: [
      { role: 'applicant', name: '王建国', idNumber: '11010519491231002X', phone: '13812345678' },
      { role: 'respondent', name: '李春梅' },
    ],
    ...overrides,
  };
}

/**
 * A token with `role` at `orgUnit` for a throwaway user: the demo `admin` must enrol OTP before
 * any login, so tests act as admin through a stand-in. `remove` deletes the user.
 */
export async function standInToken(role: string, orgUnit: string | null): Promise<{ token: string; remove: () => Promise<void> }> {
  const password = `standin-${randomBytes(12).toString('hex')}`;
  const user = await keycloakAdmin().createUser({
    username: `standin.${role}.${randomBytes(3).toString('hex')}`,
    password,
    realmRoles: [role],
    attributes: orgUnit ? { org_unit: [orgUnit] } : {},
  });
  const r = await passwordGrant('fq-console', user.username, password);
  if (r.status !== 200) {
    await user.remove();
    throw new Error(`stand-in ${role}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { token: String(r.body['access_token']), remove: user.remove };
}
