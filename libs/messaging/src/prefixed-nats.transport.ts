import { ClientNats, ServerNats, type MsPattern, type NatsOptions } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from 'nats';
import { withPrefix } from '@fengqiao/contracts';

type NatsTransportOptions = Required<NatsOptions>['options'] & { subjectPrefix?: string };

/**
 * Nest's NATS server, subscribing to `<prefix>.<pattern>` so that several isolated
 * deployments (and parallel test files) can share one NATS server. Handlers are still
 * looked up by their unprefixed pattern.
 */
export class PrefixedNatsServer extends ServerNats {
  private readonly subjectPrefix: string | undefined;

  constructor(options: NatsTransportOptions) {
    super(options);
    this.subjectPrefix = options.subjectPrefix;
  }

  override bindEvents(client: NatsConnection): void {
    const defaultQueue = this.getOptionsProp(this as never, 'queue' as never) as string | undefined;
    const subscriptions = (this as unknown as { subscriptions: Subscription[] }).subscriptions;
    for (const [channel, handlerRef] of this.messageHandlers) {
      const queue = (handlerRef.extras?.['queue'] as string | undefined) ?? defaultQueue;
      subscriptions.push(
        client.subscribe(withPrefix(this.subjectPrefix, channel), {
          queue,
          callback: this.getMessageHandler(channel).bind(this),
        }),
      );
    }
  }
}

export class PrefixedNatsClient extends ClientNats {
  private readonly subjectPrefix: string | undefined;

  constructor(options: NatsTransportOptions) {
    super(options);
    this.subjectPrefix = options.subjectPrefix;
  }

  protected override normalizePattern(pattern: MsPattern): string {
    return withPrefix(this.subjectPrefix, super.normalizePattern(pattern));
  }
}
