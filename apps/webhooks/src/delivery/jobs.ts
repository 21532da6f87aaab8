import { headers as natsHeaders, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from 'nats';
import { streamName, WEBHOOK_JOBS, WEBHOOK_JOBS_STREAM, webhookJobSubject, withPrefix } from '@fengqiao/contracts';
import { ensureStream, streamReplicas } from '@fengqiao/messaging';

/**
 * The deliverer's work queue: one JetStream message per delivery to send (work-queue retention, so
 * an acknowledged job leaves the stream). `Nats-Msg-Id` is `<delivery id>.<enqueue generation>`:
 * the fan-out's repeat after a crash is dropped, a resume or a redelivery queues it again. As many copies
 * as FQ_EVENTS (NATS_STREAM_REPLICAS).
 */
export async function ensureJobsStream(jsm: JetStreamManager, prefix: string | undefined, replicas = streamReplicas()): Promise<string> {
  const name = streamName(prefix, WEBHOOK_JOBS_STREAM);
  const config = {
    name,
    subjects: [withPrefix(prefix, WEBHOOK_JOBS)],
    storage: StorageType.File,
    retention: RetentionPolicy.Workqueue,
    duplicate_window: 10 * 60 * 1_000_000_000,
    num_replicas: replicas,
  };
  return ensureStream(jsm, config);
}

export interface Job {
  id: string;
  enqueued: number;
}

/** Queues the deliveries (after the transaction that made them pending has committed). */
export async function enqueueJobs(js: JetStreamClient, prefix: string | undefined, jobs: readonly Job[]): Promise<void> {
  for (const j of jobs) {
    const h = natsHeaders();
    h.set('Nats-Msg-Id', `${j.id}.${j.enqueued}`);
    await js.publish(withPrefix(prefix, webhookJobSubject(j.id)), JSON.stringify({ deliveryId: j.id }), { headers: h });
  }
}
