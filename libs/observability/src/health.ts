import { Controller, Get, HttpCode, HttpException, Inject, SetMetadata, type Provider } from '@nestjs/common';

/** Metadata key marking a route as needing no token (health, docs); the gateway's guard reads it. */
export const PUBLIC_ROUTE_KEY = 'fq:public';

/** A readiness probe: resolves when the dependency answers, rejects otherwise. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

async function runCheck(c: ReadinessCheck, timeoutMs: number): Promise<{ name: string; status: 'up' | 'down'; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([c.check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)))]);
    return { name: c.name, status: 'up' };
  } catch (e) {
    return { name: c.name, status: 'down', error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

@SetMetadata(PUBLIC_ROUTE_KEY, true)
@Controller('health')
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get()
  @HttpCode(200)
  liveness() {
    return { status: 'ok' };
  }

  @Get('ready')
  async readiness() {
    const results = await Promise.all(this.checks.map((c) => runCheck(c, 3000)));
    const body = { status: results.every((r) => r.status === 'up') ? 'ok' : 'unavailable', checks: results };
    if (body.status !== 'ok') throw new HttpException(body, 503);
    return body;
  }
}

/** The readiness checks behind `/health/ready`; add beside `HealthController` in the service's module. */
export function readinessChecks(p: {
  useFactory: (...deps: never[]) => ReadinessCheck[];
  inject?: Array<string | symbol | (new (...a: never[]) => unknown)>;
}): Provider {
  return { provide: READINESS_CHECKS, useFactory: p.useFactory, inject: p.inject ?? [] };
}

/** The service's database answers `SELECT 1`. */
export function postgresReady(ds: { query: (sql: string) => Promise<unknown> }): ReadinessCheck {
  return { name: 'postgres', check: async () => void (await ds.query('SELECT 1')) };
}

/** The NATS connection round-trips a flush. */
export function natsReady(nc: { flush: () => Promise<void> }): ReadinessCheck {
  return { name: 'nats', check: () => nc.flush() };
}

/** Down with `reason` while `running()` says no (a consumer, a worker pool). */
export function runningReady(name: string, running: () => boolean, reason: string): ReadinessCheck {
  return {
    name,
    check: async () => {
      if (!running()) throw new Error(reason);
    },
  };
}
