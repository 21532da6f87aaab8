import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { TokenVerifier } from '@fengqiao/auth';
import { Commands } from '@fengqiao/contracts';
import { authenticated } from '@fengqiao/messaging';
import type { JsonLogger } from '@fengqiao/observability';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { BoardService } from './board.service';

@Controller()
export class BoardHandler {
  constructor(
    @Inject(BoardService) private readonly board: BoardService,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @MessagePattern(Commands.insights.board)
  get(@Payload() query: unknown, @Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, (caller) => this.board.board(caller, query));
  }
}
