import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { findWorkspaceRoot } from '@fengqiao/temporal';

export interface RunningApp {
  name: string;
  port: number;
  url: string;
  /** Everything the process printed (JSON log lines), for assertions on logs. */
  output: string[];
  stop(): Promise<void>;
  /** kill -9: no shutdown path runs (crash tests). */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: the process holds what it received without acting on it (a request caught mid-way). */
  pause(): void;
  resume(): void;
  /** The OS process id (the chaos run kills it, tests use kill()). */
  pid: number;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

function distEntry(app: string, file: string): string {
  return resolve(findWorkspaceRoot(), 'dist', app, 'apps', app, 'src', file);
}

function spawnNode(app: string, file: string, args: string[], env: Record<string, string>): ChildProcess {
  const root = findWorkspaceRoot();
  return spawn(process.execPath, ['--require', resolve(root, 'tools/runtime/aliases.js'), distEntry(app, file), ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a built app's one-shot script (e.g. `migrate.js --seed-demo`) and fails with its output. */
export async function runAppScript(app: string, file: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawnNode(app, file, args, env);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((ok) => child.on('exit', ok));
  if (code !== 0) throw new Error(`${app} ${file} exited ${code}: ${out}`);
  return out;
}

/**
 * Starts a built app (dist/<app>, `nx build <app>`) as a real process, as it runs in
 * production, and waits until its `/health/ready` answers 200.
 */
export async function startApp(app: string, env: Record<string, string>, o: { readyTimeoutMs?: number; port?: number } = {}): Promise<RunningApp> {
  const port = o.port ?? (await freePort());
  const child = spawnNode(app, 'main.js', [], { ...env, PORT: String(port) });
  const output: string[] = [];
  const collect = (d: Buffer) => output.push(...d.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.readyTimeoutMs ?? 60_000);
  let ready = false;
  while (!ready && exited === undefined && Date.now() < deadline) {
    ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }
  if (!ready) {
    child.kill('SIGKILL');
    const why = exited !== undefined ? `exited with ${exited}` : 'not ready in time';
    throw new Error(`${app} ${why}\n--- ${app} output ---\n${output.slice(-40).join('\n')}`);
  }
  return {
    name: app,
    port,
    url,
    output,
    stop: async () => {
      if (exited !== undefined) return;
      const done = new Promise((ok) => child.on('exit', ok));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
    kill: async () => {
      if (exited !== undefined) return;
      const done = new Promise((ok) => child.on('exit', ok));
      child.kill('SIGKILL');
      await done;
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    pid: child.pid ?? -1,
  };
}
