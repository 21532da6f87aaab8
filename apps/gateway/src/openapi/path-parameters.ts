import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { REPORT_FORMATS, REPORT_ID, residentSubSchema, unmaskPartySchema } from '@fengqiao/contracts';
import { openApiSchemaOf } from './from-zod';
import { HTTP_METHODS } from './problems';

/**
 * The schema of every path parameter, by its name, from the rules the services check it with: a
 * record id is a UUID (anything else is answered 404 or 422 without a lookup), a report is its id with
 * an optional file extension, a party is its index in the case.
 */
const RECORD_ID = z.string().uuid();
const PATH_PARAMETERS: Record<string, z.ZodTypeAny> = {
  id: RECORD_ID,
  providerId: RECORD_ID,
  exportId: RECORD_ID,
  periodId: RECORD_ID,
  assessmentId: RECORD_ID,
  linkId: RECORD_ID,
  deliveryId: RECORD_ID,
  index: unmaskPartySchema.shape.party,
  /** A resident's Keycloak subject (participation points). */
  sub: residentSubSchema,
  ref: z.string().regex(new RegExp(`${REPORT_ID.source.replace(/\$$/, '')}(\\.(${REPORT_FORMATS.join('|')}))?$`)),
};

type Parameter = { name?: string; in?: string; schema?: Record<string, unknown> };

/** Gives each path parameter of the document its schema (PATH_PARAMETERS); enums a route declares stay. */
export function documentPathParameters(doc: OpenAPIObject): OpenAPIObject {
  const schemas = Object.fromEntries(Object.entries(PATH_PARAMETERS).map(([name, s]) => [name, openApiSchemaOf(s)]));
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    const next: Record<string, unknown> = { ...item };
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, { parameters?: Parameter[] } | undefined>)[method];
      if (!op?.parameters) continue;
      next[method] = {
        ...op,
        parameters: op.parameters.map((p) => (p.in === 'path' && p.name && schemas[p.name] && !p.schema?.['enum'] ? { ...p, schema: schemas[p.name] } : p)),
      };
    }
    paths[path] = next;
  }
  return { ...doc, paths };
}
