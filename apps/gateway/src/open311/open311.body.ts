import { json, urlencoded, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { formatOfPath, sendErrors } from './open311.format';

/**
 * GeoReport v2 posts form fields (`application/x-www-form-urlencoded`); JSON is taken too. Parsed
 * here for `/open311` only (the rest of the API takes JSON only), before the gateway's own parser, and
 * a body that cannot be parsed is refused in Open311's error format, not as problem+json.
 */
export function open311Body(limit: string): RequestHandler {
  const parsers = [urlencoded({ extended: false, limit, parameterLimit: 200 }), json({ limit, strict: true })];
  return (req: Request, res: Response, next: NextFunction) => {
    const run = (i: number): void => {
      if (i === parsers.length) return next();
      parsers[i]!(req, res, (err?: unknown) => {
        if (!err) return run(i + 1);
        const tooLarge = (err as { type?: string }).type === 'entity.too.large';
        const description = tooLarge ? '请求体超过大小限制 / The body exceeds the size limit' : '请求体无法解析 / The body cannot be parsed';
        sendErrors(res, 400, formatOfPath(req.path), [{ code: 400, description }]);
      });
    };
    run(0);
  };
}
