import { RetentionPolicy, StorageType, type JetStreamManager } from 'nats';
import { ALL_EVENTS, streamName, withPrefix } from '@fengqiao/contracts';
import { ensureStream } from './jetstream-setup';
import { streamReplicas } from './nats-url';

/**
 * Creates (or updates) FQ_EVENTS: file storage, dedupe window for `Nats-Msg-Id`, and as many copies as
 * NATS_STREAM_REPLICAS asks for (3 on a three-node cluster; an update scales an existing stream).
 */
export async function ensureEventsStream(jsm: JetStreamManager, prefix?: string, replicas = streamReplicas()): Promise<string> {
  const name = streamName(prefix);
  const config = {
    name,
    subjects: [withPrefix(prefix, ALL_EVENTS)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: 10 * 60 * 1_000_000_000, // ns; a relay retry within 10 min is dropped
    max_age: 0,
    num_replicas: replicas,
  };
  return ensureStream(jsm, config);
}
