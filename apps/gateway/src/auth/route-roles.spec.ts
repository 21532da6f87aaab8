import 'reflect-metadata';
import { Controller, Get, Post, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Roles } from '@fengqiao/auth';
import type { GatewayConfig } from '../config/gateway.config';
import { GatewayModule } from '../gateway.module';
import { Public, PUBLIC_KEY, ROLES_KEY, RolesAllowed } from './auth.decorators';

/**
 * Issue 4: "each route declares its roles, and a test fails when a route has none".
 * The guard reads `fq:roles` / `fq:public` from the handler, then the class (getAllAndOverride);
 * this walks every controller the gateway module registers and checks the same places.
 */

interface RouteFinding {
  route: string;
  problem: string;
}

const KNOWN_ROLES = new Set<string>(Object.values(Roles));

/** Every route handler of a controller: prototype methods carrying Nest's route metadata. */
function routeHandlers(controller: Type): { name: string; handler: object; route: string }[] {
  const proto = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .filter((name) => name !== 'constructor')
    .map((name) => ({ name, handler: Object.getOwnPropertyDescriptor(proto, name)?.value as unknown }))
    .filter((m): m is { name: string; handler: object } => typeof m.handler === 'function' && Reflect.hasMetadata(PATH_METADATA, m.handler))
    .map(({ name, handler }) => {
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const method = RequestMethod[Number(Reflect.getMetadata(METHOD_METADATA, handler) ?? RequestMethod.GET)];
      return { name, handler, route: `${controller.name}.${name} (${method} /${[base, path].filter((s) => s && s !== '/').join('/')})` };
    });
}

/** What the guard would see for each route; a finding for each route it would refuse to everyone or let through unchecked. */
function auditRoutes(controllers: Type[]): { routes: string[]; findings: RouteFinding[] } {
  const routes: string[] = [];
  const findings: RouteFinding[] = [];
  for (const controller of controllers) {
    for (const { handler, route } of routeHandlers(controller)) {
      routes.push(route);
      const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller);
      const roles = (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)) as unknown;
      if (isPublic === true) {
        if (roles !== undefined) findings.push({ route, problem: 'both public and role-restricted' });
        continue;
      }
      if (!Array.isArray(roles) || roles.length === 0) {
        findings.push({ route, problem: `declares no roles (${ROLES_KEY}) and is not public (${PUBLIC_KEY})` });
        continue;
      }
      const unknown = roles.filter((r) => !KNOWN_ROLES.has(String(r)));
      if (unknown.length) findings.push({ route, problem: `names unknown roles ${unknown.join(', ')}` });
    }
  }
  return { routes, findings };
}

const gatewayControllers = (): Type[] => (GatewayModule.forRoot({} as GatewayConfig).controllers ?? []) as Type[];

describe('every gateway route declares its roles', () => {
  it('finds the routes of every controller the gateway registers', () => {
    const { routes } = auditRoutes(gatewayControllers());
    // Guards against a vacuous pass: the routes of docs/api.md that exist today are all seen.
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.create \(POST \/api\/v1\/cases\)$/),
        expect.stringMatching(/\.list \(GET \/api\/v1\/cases\)$/),
        expect.stringMatching(/\.get \(GET \/api\/v1\/cases\/:id\)$/),
        expect.stringMatching(/\.categories \(GET \/api\/v1\/categories\)$/),
        expect.stringMatching(/\.file \(GET \/api\/v1\/cases\/:id\/petition\)$/),
        expect.stringMatching(/\.document \(GET \/api\/v1\/cases\/:id\/petition\/documents\/:kind\)$/),
      ]),
    );
  });

  it('has roles metadata or the public marker on each route, and names only realm roles', () => {
    expect(auditRoutes(gatewayControllers()).findings).toEqual([]);
  });

  it('marks only the health endpoints public', () => {
    const publicRoutes = gatewayControllers().flatMap((c) =>
      routeHandlers(c)
        .filter(({ handler }) => (Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, c)) === true)
        .map(({ route }) => route),
    );
    expect(publicRoutes.length).toBeGreaterThan(0);
    for (const route of publicRoutes) expect(route).toMatch(/ \(\w+ \/health(\/[\w/-]*)?\)$/);
  });
});

describe('the audit itself catches a route without roles', () => {
  @Controller('api/v1/fake')
  class FakeController {
    @Get('declared')
    @RolesAllowed(Roles.clerk)
    declared() {
      return 'ok';
    }

    @Post('forgotten')
    forgotten() {
      return 'oops';
    }

    @Get('empty')
    @RolesAllowed()
    empty() {
      return 'nobody';
    }

    @Get('typo')
    @RolesAllowed('clerk ' as never)
    typo() {
      return 'typo';
    }

    @Get('open')
    @Public()
    open() {
      return 'open';
    }

    /** Not a route: helpers without route metadata are ignored. */
    helper() {
      return 'helper';
    }
  }

  @RolesAllowed(Roles.leader)
  @Controller('api/v1/class-level')
  class ClassLevelController {
    @Get()
    list() {
      return [];
    }
  }

  it('reports the route with no roles, with empty roles and with an unknown role, and nothing else', () => {
    const { routes, findings } = auditRoutes([FakeController, ClassLevelController]);
    expect(routes).toHaveLength(6);
    expect(findings.map((f) => f.route.split(' ')[0])).toEqual(['FakeController.forgotten', 'FakeController.empty', 'FakeController.typo']);
    expect(findings[0]!.problem).toMatch(/declares no roles/);
    expect(findings[2]!.problem).toMatch(/unknown roles clerk /);
  });

  it('makes the gateway check fail when such a controller is registered', () => {
    const { findings } = auditRoutes([...gatewayControllers(), FakeController]);
    expect(findings.length).toBeGreaterThan(0);
  });
});
