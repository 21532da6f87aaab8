import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { GatewayFailures } from '../gateway.failures';
import { HTTP_METHODS } from './problems';

interface Route {
  pattern: RegExp;
  methods: Set<string>;
  /** A path without parameters (`/api/v1/reports/monthly`): it wins over a template that also matches. */
  literal: boolean;
}

/** `/api/v1/cases/{id}` → a pattern for one path segment per parameter. */
const toPattern = (path: string) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^/}]+\}/g, '[^/]+')}/?$`);

/** The documented routes and their methods; the document is the route table (it is built from the controllers). */
export function routeTable(doc: OpenAPIObject): Route[] {
  return Object.entries(doc.paths).map(([path, item]) => {
    const methods = new Set(HTTP_METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((m) => m.toUpperCase()));
    if (methods.has('GET')) methods.add('HEAD');
    return { pattern: toPattern(path), methods, literal: !path.includes('{') };
  });
}

/**
 * A method a documented route does not declare is 405 with `Allow` (RFC 9110 §15.5.6), not 404: the
 * route exists. A path no route matches goes on to Nest's 404. CORS preflights are answered before this.
 */
export function methodNotAllowed(doc: OpenAPIObject) {
  const routes = routeTable(doc);
  return (req: Request, res: Response, next: NextFunction) => {
    const all = routes.filter((r) => r.pattern.test(req.path));
    // OpenAPI: a concrete path is matched before a templated one (GET /reports/monthly is not GET /reports/{ref}).
    const matching = all.some((r) => r.literal) ? all.filter((r) => r.literal) : all;
    if (matching.length === 0 || matching.some((r) => r.methods.has(req.method))) return next();
    const allow = [...new Set(matching.flatMap((r) => [...r.methods]))].sort().join(', ');
    const p = GatewayFailures.problem('METHOD_NOT_ALLOWED', { allow });
    res
      .status(p.status)
      .setHeader('Allow', allow)
      .type('application/problem+json')
      .send(JSON.stringify({ ...p, instance: req.originalUrl }));
  };
}
