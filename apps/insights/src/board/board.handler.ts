import { Controller, Inject } from '@nestjs/common';
import { TokenVerifier } from '@fengqiao/auth';
import { BOARD_ROLES, Commands, type Caller } from '@fengqiao/contracts';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import type { JsonLogger } from '@fengqiao/observability';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { BoardService } from './board.service';

@Controller()
export class BoardHandler implements GuardedHandler {
  constructor(
    @Inject(BoardService) private readonly board: BoardService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.insights.board, { roles: BOARD_ROLES })
  get(caller: Caller, query: unknown) {
    return this.board.board(caller, query);
  }
}
