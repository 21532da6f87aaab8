import { Controller, Inject } from '@nestjs/common';
import { Commands, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { JsonLogger } from '@fengqiao/observability';
import { WEBHOOK_SUBSCRIBER_ROLES } from '@fengqiao/rules';
import { WEBHOOKS_LOGGER } from '../config/webhooks.config';
import { SubscriptionsService } from './subscriptions.service';

/** NATS entry points of `/api/v1/webhooks/subscriptions`: the gateway route's roles checked again here. */
@Controller()
export class WebhooksHandler implements GuardedHandler {
  constructor(
    @Inject(SubscriptionsService) private readonly subs: SubscriptionsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(WEBHOOKS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.webhooks.createSubscription, { roles: WEBHOOK_SUBSCRIBER_ROLES })
  create(caller: Caller, body: unknown) {
    return this.subs.create(caller, body);
  }

  @Guarded(Commands.webhooks.listSubscriptions, { roles: WEBHOOK_SUBSCRIBER_ROLES })
  list(caller: Caller) {
    return this.subs.list(caller);
  }

  @Guarded(Commands.webhooks.getSubscription, { roles: WEBHOOK_SUBSCRIBER_ROLES })
  get(caller: Caller, body: unknown) {
    return this.subs.get(caller, body);
  }

  @Guarded(Commands.webhooks.pauseSubscription, { roles: WEBHOOK_SUBSCRIBER_ROLES })
  pause(caller: Caller, body: unknown) {
    return this.subs.pause(caller, body);
  }

  @Guarded(Commands.webhooks.resumeSubscription, { roles: WEBHOOK_SUBSCRIBER_ROLES })
  resume(caller: Caller, body: unknown) {
    return this.subs.resume(caller, body);
  }

  @Guarded(Commands.webhooks.deleteSubscription, { roles: WEBHOOK_SUBSCRIBER_ROLES })
  remove(caller: Caller, body: unknown) {
    return this.subs.remove(caller, body);
  }

  @Guarded(Commands.webhooks.listDeliveries, { roles: WEBHOOK_SUBSCRIBER_ROLES })
  deliveries(caller: Caller, body: unknown) {
    return this.subs.deliveries(caller, body);
  }

  @Guarded(Commands.webhooks.redeliver, { roles: WEBHOOK_SUBSCRIBER_ROLES })
  redeliver(caller: Caller, body: unknown) {
    return this.subs.redeliver(caller, body);
  }
}
