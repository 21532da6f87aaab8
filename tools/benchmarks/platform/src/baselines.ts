import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { connect, StorageType } from 'nats';
import { Pool } from 'pg';
import { firstValueFrom } from 'rxjs';
import { EntitySchema } from 'typeorm';
import { PrefixedNatsClient, PrefixedNatsServer } from '@fengqiao/messaging';
import { createServiceDataSource } from '@fengqiao/persistence';
import { infraEnv, sampleCase, type TestContext } from '@fengqiao/testing';
import type { Outcome } from './load';

/** One thing to measure: set up once, `op` run at every concurrency step, closed afterwards. */
export interface Subject {
  name: string;
  op(): Promise<Outcome>;
  close(): Promise<void>;
}

/** What every raw write and message carries: a registration's body, so sizes match the platform's. */
const PAYLOAD = JSON.stringify(sampleCase());
const BYTES = new TextEncoder().encode(PAYLOAD);

const ok = async (p: Promise<unknown>): Promise<Outcome> => (await p, 'ok');

/** Workflow starts on a task queue no worker polls (timed out by Temporal if the run dies before its cleanup). */
export async function temporalStart(ctx: TestContext): Promise<Subject> {
  const client = new Client({ connection: ctx.temporal.connection, namespace: infraEnv().temporalNamespace });
  let n = 0;
  return {
    name: 'temporal-start',
    op: () =>
      ok(
        client.workflow.start('benchNoop', {
          taskQueue: `${ctx.prefix}.bench-idle`,
          workflowId: `${ctx.prefix}.bench-idle-${n++}`,
          workflowExecutionTimeout: '10 minutes',
        }),
      ),
    close: async () => undefined,
  };
}

/** No-op workflows started and awaited to completion, one worker (in this process) running them. */
export async function temporalNoop(ctx: TestContext): Promise<Subject> {
  const { temporalAddress, temporalNamespace } = infraEnv();
  const taskQueue = `${ctx.prefix}.bench-noop`;
  // Warnings only: the worker's state changes would interleave with the figures.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./noop.workflow'), logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const worker = await Worker.create({ connection, namespace: temporalNamespace, taskQueue, workflowBundle });
  const running = worker.run();
  const client = new Client({ connection: ctx.temporal.connection, namespace: temporalNamespace });
  let n = 0;
  return {
    name: 'temporal-noop',
    op: () => ok(client.workflow.execute('benchNoop', { taskQueue, workflowId: `${ctx.prefix}.bench-noop-${n++}`, workflowExecutionTimeout: '10 minutes' })),
    close: async () => {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

async function benchTable(ctx: TestContext, table: string): Promise<void> {
  await ctx.sql(`CREATE SCHEMA IF NOT EXISTS bench`);
  await ctx.sql(`CREATE TABLE bench.${table} (id uuid PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
}

/** One INSERT per operation through a plain `pg` pool with a connection per worker. */
export async function pgInsert(ctx: TestContext, poolSize: number): Promise<Subject> {
  await benchTable(ctx, 'pg_rows');
  const pool = new Pool({ connectionString: ctx.databaseUrl, max: poolSize });
  return {
    name: 'pg-insert',
    op: () => ok(pool.query(`INSERT INTO bench.pg_rows (id, body) VALUES ($1, $2)`, [randomUUID(), PAYLOAD])),
    close: () => pool.end(),
  };
}

const BenchRow = new EntitySchema<{ id: string; body: object; createdAt: Date }>({
  name: 'BenchRow',
  tableName: 'typeorm_rows',
  columns: { id: { type: 'uuid', primary: true }, body: { type: 'jsonb' }, createdAt: { type: 'timestamptz', name: 'created_at', createDate: true } },
});

/** The same row through TypeORM's repository insert, with the services' DataSource settings. */
export async function typeormInsert(ctx: TestContext, poolSize: number): Promise<Subject> {
  await benchTable(ctx, 'typeorm_rows');
  const ds = createServiceDataSource({ url: ctx.databaseUrl, schema: 'bench', entities: [BenchRow], migrations: [], poolSize });
  await ds.initialize();
  const repo = ds.getRepository(BenchRow);
  const body = JSON.parse(PAYLOAD) as object;
  return {
    name: 'typeorm-insert',
    op: () => ok(repo.insert({ id: randomUUID(), body })),
    close: () => ds.destroy(),
  };
}

/** JetStream publishes (awaiting the stream's ack) to a file-stored stream of the run's own. */
export async function jetstreamPublish(ctx: TestContext): Promise<Subject> {
  const stream = `BENCH_${ctx.prefix}`;
  const jsm = await ctx.nats.jetstreamManager();
  await jsm.streams.add({ name: stream, subjects: [`${ctx.prefix}.bench.js.>`], storage: StorageType.File });
  const js = ctx.nats.jetstream();
  return {
    name: 'jetstream-publish',
    op: () => ok(js.publish(`${ctx.prefix}.bench.js.case`, BYTES)),
    close: async () => {
      await jsm.streams.delete(stream);
    },
  };
}

/** Request-reply with nats.js: a responder on a second connection echoes the message. */
export async function natsRequest(ctx: TestContext): Promise<Subject> {
  const subject = `${ctx.prefix}.bench.echo`;
  const responder = await connect({ servers: infraEnv().natsUrl, name: `fq-bench-${ctx.prefix}-echo` });
  responder.subscribe(subject, { queue: 'bench', callback: (_err, m) => m.respond(m.data) });
  await responder.flush();
  return {
    name: 'nats-request',
    op: () => ok(ctx.nats.request(subject, BYTES, { timeout: 10_000 })),
    close: () => responder.close(),
  };
}

@Controller()
class EchoHandler {
  @MessagePattern('bench.echo')
  echo(@Payload() body: unknown) {
    return body;
  }
}

@Module({ controllers: [EchoHandler] })
class EchoModule {}

/** The same echo through Nest's NATS transport as the services use it (prefixed server and client). */
export async function nestNats(ctx: TestContext): Promise<Subject> {
  const servers = infraEnv().natsUrl;
  const server = await NestFactory.createMicroservice(EchoModule, {
    strategy: new PrefixedNatsServer({ servers, queue: 'bench', subjectPrefix: `${ctx.prefix}.nest` }),
    logger: false,
  });
  await server.listen();
  const client = new PrefixedNatsClient({ servers, subjectPrefix: `${ctx.prefix}.nest` });
  await client.connect();
  const body = JSON.parse(PAYLOAD) as unknown;
  return {
    name: 'nest-nats',
    op: () => ok(firstValueFrom(client.send('bench.echo', body))),
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** A bare `node:http` server in its own process answering `{}`, asked with the same fetch client as the gateway. */
export async function httpBare(): Promise<Subject> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('node:http').createServer((q, r) => { q.resume(); r.setHeader('content-type', 'application/json'); r.end('{}'); }); s.keepAliveTimeout = 60000; s.listen(0, '127.0.0.1', () => console.log(s.address().port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare HTTP server exited ${code}`)));
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
  });
  const url = `http://127.0.0.1:${port}/`;
  return {
    name: 'http-bare',
    op: async () => {
      const res = await fetch(url);
      await res.text();
      return res.status === 200 ? 'ok' : { error: `HTTP ${res.status}` };
    },
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
