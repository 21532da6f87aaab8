import { createTestContext, runAppScript, startApp, type RunningApp, type TestContext } from '@fengqiao/testing';

export interface Platform {
  ctx: TestContext;
  gateway: RunningApp;
  intake: RunningApp;
  orchestrator: RunningApp;
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The real slice for one test file: its own database (migrated, demo county seeded),
 * NATS prefix and task queues, with the built gateway, intake and orchestrator running as
 * processes against the real PostgreSQL, NATS, Temporal and Keycloak.
 */
export async function startPlatform(label: string): Promise<Platform> {
  const ctx = await createTestContext(label);
  // info level: tests read the apps' JSON logs (they are collected, not printed).
  const env = ctx.appEnv({ LOG_LEVEL: 'info' });
  await runAppScript('gateway', 'migrate.js', [], ctx.migrationEnv());
  await runAppScript('intake', 'migrate.js', ['--seed-demo'], ctx.migrationEnv());
  const [intake, orchestrator] = await Promise.all([startApp('intake', env), startApp('orchestrator', env)]);
  const gateway = await startApp('gateway', env);
  return {
    ctx,
    gateway,
    intake,
    orchestrator,
    api: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(`${gateway.url}${path}`, { ...init, headers });
    },
    stop: async () => {
      await Promise.all([gateway.stop(), intake.stop(), orchestrator.stop()]);
      await ctx.dispose();
    },
  };
}

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
