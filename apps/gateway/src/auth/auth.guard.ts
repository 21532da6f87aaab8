import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type Caller } from '@fengqiao/contracts';
import { bearerToken, hasAnyRole, KeycloakTokenValidator } from '@fengqiao/auth';
import { ProblemException } from '../problems/problem.exception';
import { API_KEY_KEY, PUBLIC_KEY, PUBLIC_READS_KEY, ROLES_KEY } from './auth.decorators';
import { ApiKeyExchange } from '../open311/api-keys';
import { GatewayFailures } from '../gateway.failures';

/** `publicRead`: a GET without api_key on a PublicReads route, read as the platform's public reader. */
export type AuthenticatedRequest = Request & { caller: Caller; token: string; requestId: string; publicRead?: boolean };

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
    const publicReads = this.reflector.getAllAndOverride<string[] | undefined>(PUBLIC_READS_KEY, targets);
    if (this.reflector.getAllAndOverride<boolean>(API_KEY_KEY, targets)) await this.byApiKey(req, publicReads);
    else await this.byBearerToken(req);
    const roles = (req.publicRead ? publicReads : this.reflector.getAllAndOverride<string[]>(ROLES_KEY, targets)) ?? [];
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

  /**
   * Open311: `api_key` in the query (GET) or the form body (POST); never logged. Without one, a GET of
   * a PublicReads route is read as the platform's public reader (when the gateway has one configured).
   */
  private async byApiKey(req: AuthenticatedRequest, publicReads: string[] | undefined): Promise<void> {
    const body = req.body as Record<string, unknown> | undefined;
    const raw = (req.query as Record<string, unknown>)['api_key'] ?? (body && typeof body === 'object' ? body['api_key'] : undefined);
    const absent = raw === undefined || raw === '';
    const publicRead = absent && publicReads !== undefined && (req.method === 'GET' || req.method === 'HEAD');
    if (absent && !publicRead) throw new ProblemException(GatewayFailures.problem('API_KEY_MISSING'));
    const checked = publicRead ? await this.apiKeys.publicReader() : await this.apiKeys.check(typeof raw === 'string' ? raw : undefined);
    // No public reader configured (production without its secret): as before, the key is required.
    if (publicRead && !checked.ok && checked.reason !== 'unavailable') throw new ProblemException(GatewayFailures.problem('API_KEY_MISSING'));
    req.publicRead = publicRead;
    if (!checked.ok) throw new ProblemException(GatewayFailures.problem(checked.reason === 'unavailable' ? 'API_KEY_UNCHECKED' : 'API_KEY_INVALID'));
    req.caller = checked.caller;
    req.token = checked.token;
  }
}
