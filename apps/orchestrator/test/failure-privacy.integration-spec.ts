import { resolve } from 'node:path';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { bundleWorkflows, platformDataConverter, temporalCodecFromEnv, workerTelemetry } from '@fengqiao/temporal';
import { createTestContext, infraEnv, type TestContext } from '@fengqiao/testing';
import type { failureProbe, ProbeActivities } from './support/failure-probe.workflow';

// Failure messages and stack traces are history too: with the platform's data converter they
// travel encrypted (encoded attributes through the payload codec), whether a workflow or an
// activity raised them, and a client with the key reads them back unchanged.
const PHONE = '13812345678';
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext('failure_privacy');
}, 60_000);

afterAll(async () => {
  await ctx?.dispose();
});

/** Bytes decoded as UTF-8, so a plain-text message would show. */
const asText = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : v));

it('keeps failure messages out of the history in plain text, and gives them back to a keyed client', async () => {
  const { temporalAddress, temporalNamespace } = infraEnv();
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const codec = temporalCodecFromEnv({ NODE_ENV: 'test', TEMPORAL_CODEC_KEYRING: process.env['TEMPORAL_CODEC_KEYRING'] });
  const activities: ProbeActivities = {
    checkPhone: async (phone) => {
      throw new Error(`号码 ${phone} 为空号`);
    },
  };
  const taskQueue = `${ctx.prefix}.failure-probe`;
  const worker = await Worker.create({
    ...workerTelemetry(),
    connection,
    namespace: temporalNamespace,
    taskQueue,
    workflowBundle: await bundleWorkflows(resolve(__dirname, 'support/failure-probe.workflow.ts')),
    activities,
    dataConverter: platformDataConverter(codec),
  });
  const workflowId = `${ctx.prefix}.failure-probe`;
  try {
    const failure = await worker.runUntil(
      ctx.temporal.workflow.execute<typeof failureProbe>('failureProbe', { taskQueue, workflowId, args: [PHONE] }).catch((e: unknown) => e),
    );
    // The keyed client (the test context's, with the apps' codec) reads both messages.
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause?.message).toBe(`申请人电话 ${PHONE} 无法接通`);

    // What the server stores: no phone number, no message text, in any event.
    const raw = new Client({ connection: ctx.temporal.connection, namespace: temporalNamespace });
    const history = await raw.workflow.getHandle(workflowId).fetchHistory();
    const text = asText(history);
    expect(text).toContain('workflowExecutionFailedEventAttributes');
    expect(text).toContain('activityTaskFailedEventAttributes');
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('无法接通');
    expect(text).not.toContain('为空号');
  } finally {
    await connection.close();
  }
});
