import { RetentionPolicy, StorageType, type JetStreamManager } from 'nats';
import { ALL_EVENTS, streamName, withPrefix } from '@fengqiao/contracts';

/** Creates (or updates) FQ_EVENTS: file storage, dedupe window for `Nats-Msg-Id`. */
export async function ensureEventsStream(jsm: JetStreamManager, prefix?: string): Promise<string> {
  const name = streamName(prefix);
  const config = {
    name,
    subjects: [withPrefix(prefix, ALL_EVENTS)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: 10 * 60 * 1_000_000_000, // ns; a relay retry within 10 min is dropped
    max_age: 0,
  };
  try {
    await jsm.streams.info(name);
    await jsm.streams.update(name, config);
  } catch (e) {
    if (!String(e).includes('stream not found')) throw e;
    await jsm.streams.add(config);
  }
  return name;
}
