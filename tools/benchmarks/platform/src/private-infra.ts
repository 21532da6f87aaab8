import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type InfraService = 'postgres' | 'nats' | 'temporal';

/**
 * A second copy of the local PostgreSQL, nats-server and Temporal (tools/infra/infra.sh with its own
 * state directory and ports), so the chaos run can kill them without touching the shared servers.
 * Keycloak stays the shared one: the run never kills it. The backup drill (drill.ts) wipes its copy.
 */
export class PrivateInfra {
  private readonly env: Record<string, string>;

  constructor(
    private readonly root: string,
    readonly stateDir: string,
    readonly ports = { pg: 15432, nats: 14222, natsHttp: 18222, temporal: 17233, temporalUi: 18233 },
  ) {
    const inherited = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    // DATABASE_URL set to another server would make infra.sh treat PostgreSQL as external.
    delete inherited['DATABASE_URL'];
    this.env = {
      ...inherited,
      FQ_STATE_DIR: stateDir,
      FQ_PG_PORT: String(ports.pg),
      FQ_NATS_PORT: String(ports.nats),
      FQ_NATS_HTTP_PORT: String(ports.natsHttp),
      FQ_TEMPORAL_PORT: String(ports.temporal),
      FQ_TEMPORAL_UI_PORT: String(ports.temporalUi),
    };
  }

  private script(...args: string[]) {
    return run('bash', [resolve(this.root, 'tools/infra/infra.sh'), ...args], { env: this.env, maxBuffer: 16 * 1024 * 1024 });
  }

  up(...services: InfraService[]): Promise<unknown> {
    return this.script('up', ...(services.length ? services : ['postgres', 'nats', 'temporal']));
  }

  down(): Promise<unknown> {
    return this.script('down', 'postgres', 'nats', 'temporal');
  }

  /** The same, blocking: for a process that is exiting. A second call finds nothing to stop. */
  downSync(): void {
    try {
      execFileSync('bash', [resolve(this.root, 'tools/infra/infra.sh'), 'down', 'postgres', 'nats', 'temporal'], { env: this.env, stdio: 'ignore' });
    } catch {
      // already down
    }
  }

  /** tools/infra/backup.sh against these servers (`backup DIR`, `restore DIR`); its report goes to stderr. */
  async backupScript(...args: string[]): Promise<string> {
    const { stdout } = await run('bash', [resolve(this.root, 'tools/infra/backup.sh'), ...args], { env: this.env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  }

  /** Stops the servers and removes every byte they kept: a machine that lost its disks. */
  async wipe(): Promise<void> {
    await this.down();
    for (const dir of ['postgres', 'nats', 'temporal']) rmSync(join(this.stateDir, dir), { recursive: true, force: true });
  }

  /** kill -9 of the service's server process (PostgreSQL: the postmaster; its backends die with it). */
  kill(service: InfraService): void {
    const pid = Number(
      readFileSync(join(this.stateDir, 'run', `${service}.pid`), 'utf8')
        .trim()
        .split('\n')[0],
    );
    if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no pid for ${service}`);
    process.kill(pid, 'SIGKILL');
  }

  /** The variables libs/testing reads to reach the servers (Keycloak: the shared one). */
  urls(): Record<string, string> {
    return {
      DATABASE_URL: `postgres://fengqiao:fengqiao@127.0.0.1:${this.ports.pg}/fengqiao`,
      APP_DATABASE_URL: `postgres://fengqiao_app:fengqiao_app@127.0.0.1:${this.ports.pg}/fengqiao`,
      NATS_URL: `nats://127.0.0.1:${this.ports.nats}`,
      TEMPORAL_ADDRESS: `127.0.0.1:${this.ports.temporal}`,
    };
  }
}
