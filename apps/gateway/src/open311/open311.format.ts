import { XMLBuilder } from 'fast-xml-parser';
import type { Response } from 'express';

/**
 * GeoReport v2's two formats: the resource's extension (`services.json`, `requests.xml`) chooses;
 * XML is the specification's required format and the default without an extension. Every answer is
 * UTF-8; XML starts with its declaration.
 */
export type Open311Format = 'json' | 'xml';

/** `requests.json` → { name: 'requests', format: 'json' }; an unknown extension is not a format. */
export function splitFormat(segment: string): { name: string; format: Open311Format; known: boolean } {
  const m = /^(.*)\.([A-Za-z0-9]+)$/.exec(segment);
  if (!m) return { name: segment, format: 'xml', known: true };
  const ext = m[2]!.toLowerCase();
  if (ext === 'json' || ext === 'xml') return { name: m[1]!, format: ext, known: true };
  return { name: m[1]!, format: 'xml', known: false };
}

/** The format a path asks for (its last segment's extension), for answers made before the route ran (errors). */
export function formatOfPath(path: string): Open311Format {
  return splitFormat(path.split('/').pop() ?? '').format;
}

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false, processEntities: true });

/**
 * One list of elements as the specification's XML shows them: `<services><service>…</service></services>`.
 * Values: strings, numbers, booleans, null (an empty element), arrays (repeated children, named by
 * `arrayItems`), objects (nested elements).
 */
export function toXml(root: string, item: string, items: readonly Record<string, unknown>[], arrayItems: Record<string, string> = {}): string {
  const body = builder.build({ [root]: { [item]: items.map((i) => xmlValue(i, arrayItems)) } }) as string;
  return `<?xml version="1.0" encoding="utf-8"?>\n${body}`;
}

/** A single object as the root's content (the service definition). */
export function toXmlObject(root: string, value: Record<string, unknown>, arrayItems: Record<string, string> = {}): string {
  const body = builder.build({ [root]: xmlValue(value, arrayItems) }) as string;
  return `<?xml version="1.0" encoding="utf-8"?>\n${body}`;
}

function xmlValue(v: unknown, arrayItems: Record<string, string>): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => xmlValue(x, arrayItems));
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      // A list's elements are wrapped: <attributes><attribute>…</attribute></attributes>.
      out[k] = Array.isArray(x) && arrayItems[k] ? { [arrayItems[k]!]: x.map((y) => xmlValue(y, arrayItems)) } : xmlValue(x, arrayItems);
    }
    return out;
  }
  return v;
}

export function send(res: Response, status: number, format: Open311Format, json: unknown, xml: () => string): void {
  res.status(status);
  if (format === 'json') res.type('application/json; charset=utf-8').send(JSON.stringify(json));
  else res.type('text/xml; charset=utf-8').send(xml());
}

/** GeoReport v2's error answer: a list of { code, description } (the HTTP status as the code). */
export interface Open311ErrorItem {
  code: number;
  description: string;
}

export function sendErrors(res: Response, status: number, format: Open311Format, errors: Open311ErrorItem[]): void {
  send(res, status, format, errors, () => toXml('errors', 'error', errors as unknown as Record<string, unknown>[]));
}
