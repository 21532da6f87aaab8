import 'reflect-metadata';
import { HTTP_CODE_METADATA, INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import type { GatewayConfig } from '../config/gateway.config';
import { GatewayModule } from '../gateway.module';
import { ROLES_KEY } from '../auth/auth.decorators';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { RoutingRulesController } from './routing-rules.controller';

/** Route, roles, status and interceptors of each handler, as Nest and the guard read them. */
function route(name: keyof RoutingRulesController) {
  const handler = RoutingRulesController.prototype[name] as object;
  return {
    route: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} /${Reflect.getMetadata(PATH_METADATA, RoutingRulesController)}/${Reflect.getMetadata(PATH_METADATA, handler)}`,
    roles: Reflect.getMetadata(ROLES_KEY, handler) as string[],
    status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
    interceptors: (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[],
  };
}

describe('RoutingRulesController routes', () => {
  it('is registered with the gateway (so the every-route-has-roles check covers it)', () => {
    expect(GatewayModule.forRoot({} as GatewayConfig).controllers).toContain(RoutingRulesController);
  });

  it('serves the admin routes of docs/api.md with their roles', () => {
    expect(route('current')).toMatchObject({ route: 'GET /api/v1/routing-rules', roles: expect.arrayContaining(['clerk', 'admin', 'leader']) });
    expect(route('history')).toMatchObject({ route: 'GET /api/v1/routing-rules/history', roles: expect.arrayContaining(['clerk', 'admin']) });
    expect(route('publish')).toEqual({ route: 'PUT /api/v1/routing-rules', roles: ['admin'], status: 200, interceptors: [] });
    expect(route('holidays')).toMatchObject({ route: 'GET /api/v1/holidays', roles: expect.arrayContaining(['clerk', 'resident', 'admin']) });
    expect(route('loadHolidays')).toEqual({ route: 'POST /api/v1/holidays', roles: ['admin'], status: 201, interceptors: [IdempotencyInterceptor] });
  });
});
