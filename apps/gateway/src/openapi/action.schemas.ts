import type { OpenAPIObject } from '@nestjs/swagger';
import { caseKindModules } from '@fengqiao/rules';
import { caseSchemaRef, problemSchemaRef } from './case.schemas';
import { openApiSchemaOf } from './from-zod';

const ACTION_ROUTE = '/api/v1/cases/{id}/actions/{action}';

/**
 * One documented path per action name, derived from the case-kind declarations (libs/rules): its
 * body schema(s) with an example, the kinds that have it and who may take it. Replaces the generic
 * `{action}` route in the document; the server route stays one.
 */
export function documentActions(doc: OpenAPIObject): OpenAPIObject {
  const generic = doc.paths[ACTION_ROUTE]?.post;
  if (!generic) return doc;
  const byName = new Map<string, Array<{ kind: string; label: string; roles: readonly string[]; schema: object; example: object; description: string }>>();
  for (const k of caseKindModules()) {
    for (const [name, a] of Object.entries(k.actions)) {
      const schema = openApiSchemaOf(a.schema);
      const list = byName.get(name) ?? [];
      list.push({
        kind: k.kind,
        label: `${a.label.zh} / ${a.label.en}`,
        roles: a.roles,
        schema,
        example: a.example,
        description: `${a.description.zh} / ${a.description.en}`,
      });
      byName.set(name, list);
    }
  }
  const paths = { ...doc.paths };
  delete paths[ACTION_ROUTE];
  for (const [name, variants] of byName) {
    // Kinds that share a body (the same schema) are listed under one variant.
    const distinct = new Map<string, typeof variants>();
    for (const v of variants) distinct.set(JSON.stringify(v.schema), [...(distinct.get(JSON.stringify(v.schema)) ?? []), v]);
    const schemas = [...distinct.values()].map((vs) => ({ ...vs[0]!.schema, description: `kinds: ${vs.map((v) => v.kind).join(', ')}` }));
    const lines = variants.map((v) => `- **${v.kind}**: ${v.description} (roles: ${v.roles.join(', ')})`);
    paths[`/api/v1/cases/{id}/actions/${name}`] = {
      post: {
        ...generic,
        operationId: `caseAction_${name.replace(/-/g, '_')}`,
        summary: variants[0]!.label,
        description: `${lines.join('\n')}\n\n409 (problem+json with \`allowedActions\`) when the action does not fit the case's state.`,
        parameters: (generic.parameters ?? []).filter((p) => !('name' in p) || p.name !== 'action'),
        requestBody: {
          required: true,
          content: {
            'application/json': {
              // anyOf, not oneOf: the body must fit the case's kind; one body may fit several kinds' variants.
              schema: schemas.length === 1 ? schemas[0]! : { anyOf: schemas },
              examples: Object.fromEntries(variants.map((v) => [v.kind, { summary: v.kind, value: v.example }])),
            },
          },
        },
        responses: {
          ...generic.responses,
          '200': { description: 'the case after the action', content: { 'application/json': { schema: caseSchemaRef } } },
          '409': { description: 'not allowed in this state; lists allowedActions', content: { 'application/problem+json': { schema: problemSchemaRef } } },
        },
      },
    };
  }
  return { ...doc, paths };
}
