import { Controller, HttpCode, Inject, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import type { Request, Response } from 'express';
import { JsonLogger } from '@fengqiao/observability';
import { HOTLINE_CONFIG, HOTLINE_LOGGER, type HotlineConfig } from '../config/hotline.config';
import { HOTLINE_FORMAT } from '../formats/hotline-format.token';
import type { HotlineFormat } from '../formats/hotline-format';
import { CENTRE_HEADER, checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../formats/signature';
import { HotlineFailures } from './hotline.failures';
import { OrdersService } from './orders.service';

/**
 * `POST /hotline/v1/orders`: the 12345 centre dispatches a work order (docs/hotline-12345.md). The
 * signature is checked on the raw body before anything is read; answers are the case it became
 * (201, or 200 for a repeated push of the same order) or a problem+json, never a stack trace.
 */
@Controller('hotline/v1')
export class InboundController {
  constructor(
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(HOTLINE_CONFIG) private readonly config: HotlineConfig,
    @Inject(HOTLINE_FORMAT) private readonly format: HotlineFormat,
    @Inject(HOTLINE_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @Post('orders')
  @HttpCode(200)
  async receive(@Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
    const send = (status: number, body: unknown) => {
      res
        .status(status)
        .type(status >= 400 ? 'application/problem+json' : 'application/json')
        .send(JSON.stringify(body));
    };
    const raw = req.rawBody ?? Buffer.alloc(0);
    const check = checkSignature(
      { secret: this.config.HOTLINE_SHARED_SECRET, centre: this.config.HOTLINE_CENTRE_ID, toleranceS: this.config.HOTLINE_SIGNATURE_TOLERANCE_S },
      { centre: req.header(CENTRE_HEADER), timestamp: req.header(TIMESTAMP_HEADER), signature: req.header(SIGNATURE_HEADER) },
      raw,
    );
    if (check !== 'ok') {
      this.logger.event('order push refused: signature', { check }, 'warn');
      return send(401, HotlineFailures.problem('SIGNATURE_INVALID'));
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(400, HotlineFailures.problem('BODY_NOT_JSON'));
    }
    const parsed = this.format.parseOrder(body);
    if (!parsed.ok) return send(422, HotlineFailures.problem('ORDER_INVALID', parsed.errors));
    try {
      const r = await this.orders.receive(parsed.order);
      if (!r.ok) return send(r.problem.status, r.problem);
      this.logger.event('order received', { orderNo: r.value.orderNo, caseNo: r.value.caseNo, repeated: r.value.repeated });
      return send(r.value.repeated ? 200 : 201, this.format.orderReceipt(r.value));
    } catch (e) {
      this.logger.event('order push failed', { error: e instanceof Error ? e.message : String(e) }, 'error');
      return send(503, HotlineFailures.problem('REGISTRATION_UNAVAILABLE'));
    }
  }
}
