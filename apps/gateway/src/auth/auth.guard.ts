import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type Caller } from '@fengqiao/contracts';
import { bearerToken, hasAnyRole, KeycloakTokenValidator } from '@fengqiao/auth';
import { ProblemException } from '../problems/problem.exception';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { GatewayFailures } from '../gateway.failures';

export type AuthenticatedRequest = Request & { caller: Caller; token: string; requestId: string };

/**
 * Global guard: every route needs a valid Keycloak access token and one of its declared
 * roles. Fails closed: a route that declares no roles (and is not public) answers 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(KeycloakTokenValidator) private readonly validator: KeycloakTokenValidator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new ProblemException(GatewayFailures.problem('TOKEN_MISSING'));
    try {
      req.caller = await this.validator.validate(token);
      req.token = token;
    } catch {
      throw new ProblemException(GatewayFailures.problem('TOKEN_INVALID'));
    }
    const roles = this.reflector.getAllAndOverride<string[]>(ROLES_KEY, targets) ?? [];
    if (!hasAnyRole(req.caller, roles)) throw new ProblemException(GatewayFailures.problem('ROLE_FORBIDDEN'));
    return true;
  }
}
