import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { freePort } from './app-process';
import { waitFor } from './wait-for';

export interface PrivateNats {
  url: string;
  /** kill -9, as a crash: JetStream keeps what it synced (sync_interval: always). */
  kill(): Promise<void>;
  /** Starts it again on the same port and store. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A nats-server of the test's own (the binary tools/infra builds), for tests that kill the bus:
 * the shared one serves every other test file. Same settings as the local infrastructure.
 */
export async function startPrivateNats(): Promise<PrivateNats> {
  const bin = process.env['NATS_SERVER_BIN'] ?? join(process.env['FQ_CACHE_DIR'] ?? join(homedir(), '.cache', 'fengqiao'), 'bin', 'nats-server');
  const dir = mkdtempSync(join(tmpdir(), 'fq-nats-'));
  const port = await freePort();
  const conf = join(dir, 'nats.conf');
  writeFileSync(conf, `listen: 127.0.0.1:${port}\njetstream {\n  store_dir: ${JSON.stringify(join(dir, 'store'))}\n  sync_interval: always\n}\n`);
  const url = `nats://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(bin, ['-c', conf], { stdio: 'ignore' });
    await waitFor(
      async () => {
        const nc = await connect({ servers: url, reconnect: false }).catch(() => undefined);
        if (!nc) return false;
        await nc.close();
        return true;
      },
      { what: `nats-server on ${port}`, timeoutMs: 20_000, intervalMs: 100 },
    );
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const done = new Promise((ok) => c.once('exit', ok));
    c.kill('SIGKILL');
    await done;
  };
  await start();
  return {
    url,
    kill,
    restart: start,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
