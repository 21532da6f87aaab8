import { Controller, Inject } from '@nestjs/common';
import { Commands, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { HOTLINE_DISPATCH_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { HOTLINE_LOGGER } from '../config/hotline.config';
import { OrdersService } from './orders.service';

/** The staff's answers on a dispatched order, from the gateway: role checked here again, jurisdiction in the service. */
@Controller()
export class OrdersHandler implements GuardedHandler {
  constructor(
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(HOTLINE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.hotline.getOrder, { roles: HOTLINE_DISPATCH_ROLES })
  get(caller: Caller, body: unknown) {
    return this.orders.get(caller, body);
  }

  @Guarded(Commands.hotline.acceptOrder, { roles: HOTLINE_DISPATCH_ROLES })
  accept(caller: Caller, body: unknown) {
    return this.orders.accept(caller, body);
  }

  @Guarded(Commands.hotline.objectOrder, { roles: HOTLINE_DISPATCH_ROLES })
  object(caller: Caller, body: unknown) {
    return this.orders.object(caller, body);
  }
}
