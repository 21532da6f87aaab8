import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type Caller } from '@fengqiao/contracts';
import { bearerToken, hasAnyRole, KeycloakTokenValidator } from '@fengqiao/auth';
import { ProblemException } from '../problems/problem.exception';
import { API_KEY_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { ApiKeyExchange } from '../open311/api-keys';
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
    @Inject(ApiKeyExchange) private readonly apiKeys: ApiKeyExchange,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    if (this.reflector.getAllAndOverride<boolean>(API_KEY_KEY, targets)) await this.byApiKey(req);
    else await this.byBearerToken(req);
    const roles = this.reflector.getAllAndOverride<string[]>(ROLES_KEY, targets) ?? [];
    if (!hasAnyRole(req.caller, roles)) throw new ProblemException(GatewayFailures.problem('ROLE_FORBIDDEN'));
    return true;
  }

  private async byBearerToken(req: AuthenticatedRequest): Promise<void> {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new ProblemException(GatewayFailures.problem('TOKEN_MISSING'));
    try {
      req.caller = await this.validator.validate(token);
      req.token = token;
    } catch {
      throw new ProblemException(GatewayFailures.problem('TOKEN_INVALID'));
    }
  }

  /** Open311: `api_key` in the query (GET) or the form body (POST); never logged. */
  private async byApiKey(req: AuthenticatedRequest): Promise<void> {
    const body = req.body as Record<string, unknown> | undefined;
    const raw = (req.query as Record<string, unknown>)['api_key'] ?? (body && typeof body === 'object' ? body['api_key'] : undefined);
    if (raw === undefined || raw === '') throw new ProblemException(GatewayFailures.problem('API_KEY_MISSING'));
    const checked = await this.apiKeys.check(typeof raw === 'string' ? raw : undefined);
    if (!checked.ok) throw new ProblemException(GatewayFailures.problem(checked.reason === 'unavailable' ? 'API_KEY_UNCHECKED' : 'API_KEY_INVALID'));
    req.caller = checked.caller;
    req.token = checked.token;
  }
}
