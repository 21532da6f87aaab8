import {
  ZodArray,
  ZodBoolean,
  ZodDefault,
  ZodEffects,
  ZodEnum,
  ZodNullable,
  ZodNumber,
  ZodObject,
  ZodOptional,
  ZodString,
  ZodUnion,
  type ZodTypeAny,
} from 'zod';
import { kindModule } from '@fengqiao/rules';
import { translate, zh, type MessageKey } from '../i18n/dictionary';
import { beijingIso } from './case.helpers';

/**
 * An action's form, read from its body schema in the kind's declaration (libs/rules): one field
 * per key. Fields that need reference data are known by their NAME, whatever the action.
 */
export type FieldWidget =
  | { widget: 'text'; max?: number }
  | { widget: 'switch' }
  | { widget: 'rate'; max: number }
  | { widget: 'number'; min?: number; max?: number; int: boolean }
  | { widget: 'select'; options: string[] }
  /** A list of short strings (names) typed comma-separated. */
  | { widget: 'text-list' }
  /** A list of longer strings (reasons, missing materials), one a line: they may hold commas. */
  | { widget: 'lines' }
  | { widget: 'select-list'; options: string[] }
  /** A datetime: now (Beijing time) when the form is sent, unless a value is given. */
  | { widget: 'now' }
  /** `mediatorId`: the case's centre roster. */
  | { widget: 'mediator' }
  /** `providerId`: the legal-aid roster (load, capacity, specialities); empty lets the agency choose. */
  | { widget: 'provider' }
  /** A day `YYYY-MM-DD` (a string with that pattern): today (Beijing) unless another is picked. */
  | { widget: 'date' }
  /** `departments`: departments to summon, each at an optional centre. */
  | { widget: 'departments'; options: string[] }
  /** `leadOrgUnit`: a centre (township and above). */
  | { widget: 'centre' }
  /** `department`: the officer's own, shown and not chosen. */
  | { widget: 'own-department' }
  /** A schema the form cannot render (the unit tests keep declarations free of these). */
  | { widget: 'unsupported'; type: string };

export type FieldSpec = FieldWidget & {
  key: string;
  /** Optional or defaulted: left empty, the key is not sent. */
  optional: boolean;
  /** The schema's `.default()`, if any. */
  defaultValue?: unknown;
};

export type FormValues = Record<string, unknown>;

/** Optional/default/nullable/refinements off; what remains says the field's kind. */
function unwrap(t: ZodTypeAny): { inner: ZodTypeAny; optional: boolean; defaultValue?: unknown } {
  let inner = t;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    if (inner instanceof ZodOptional || inner instanceof ZodNullable) {
      optional = true;
      inner = inner.unwrap() as ZodTypeAny;
    } else if (inner instanceof ZodDefault) {
      optional = true;
      defaultValue ??= (inner._def.defaultValue as () => unknown)();
      inner = inner.removeDefault() as ZodTypeAny;
    } else if (inner instanceof ZodEffects) {
      inner = inner.innerType() as ZodTypeAny;
    } else {
      return { inner, optional, defaultValue };
    }
  }
}

/** The choices of an enum, or of the first enum among a union's options (`department | {department, orgUnit}`). */
function enumOptions(t: ZodTypeAny): string[] | null {
  const { inner } = unwrap(t);
  if (inner instanceof ZodEnum) return [...(inner.options as string[])];
  if (inner instanceof ZodUnion) {
    for (const o of inner.options as ZodTypeAny[]) {
      const found = enumOptions(o);
      if (found) return found;
    }
  }
  return null;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/.source;
/** A string that must read YYYY-MM-DD (a date without time). */
function isDay(s: ZodString): boolean {
  // A day is `.date()` (a day that exists) or, in older contracts, the YYYY-MM-DD pattern.
  return s._def.checks.some((c) => c.kind === 'date' || (c.kind === 'regex' && c.regex.source === DAY_PATTERN));
}

function widgetOf(key: string, t: ZodTypeAny): FieldWidget {
  const { inner } = unwrap(t);
  // Reference data, by field name.
  if (key === 'mediatorId') return { widget: 'mediator' };
  if (key === 'providerId') return { widget: 'provider' };
  if (key === 'departments') return { widget: 'departments', options: inner instanceof ZodArray ? (enumOptions(inner.element as ZodTypeAny) ?? []) : [] };
  if (key === 'leadOrgUnit') return { widget: 'centre' };
  if (key === 'department') return { widget: 'own-department' };

  if (inner instanceof ZodString) {
    if (inner.isDatetime) return { widget: 'now' };
    if (isDay(inner)) return { widget: 'date' };
    return inner.maxLength === null ? { widget: 'text' } : { widget: 'text', max: inner.maxLength };
  }
  if (inner instanceof ZodBoolean) return { widget: 'switch' };
  if (inner instanceof ZodNumber) {
    const min = inner.minValue ?? undefined;
    const max = inner.maxValue ?? undefined;
    if (key === 'score' && min === 1 && max === 5) return { widget: 'rate', max };
    return { widget: 'number', min, max, int: inner.isInt };
  }
  if (inner instanceof ZodEnum) return { widget: 'select', options: [...(inner.options as string[])] };
  if (inner instanceof ZodArray) {
    const el = unwrap(inner.element as ZodTypeAny).inner;
    if (el instanceof ZodString) return el.maxLength !== null && el.maxLength > 100 ? { widget: 'lines' } : { widget: 'text-list' };
    if (el instanceof ZodEnum) return { widget: 'select-list', options: [...(el.options as string[])] };
  }
  return { widget: 'unsupported', type: (inner._def as { typeName?: string }).typeName ?? 'unknown' };
}

/** The fields of a body schema (a zod object), in the schema's key order; nothing for a non-object. */
export function fieldsOf(schema: ZodTypeAny | undefined): FieldSpec[] {
  const obj = schema ? unwrap(schema).inner : undefined;
  if (!(obj instanceof ZodObject)) return [];
  return Object.entries(obj.shape as Record<string, ZodTypeAny>).map(([key, t]) => {
    const { optional, defaultValue } = unwrap(t);
    return { key, optional, ...(defaultValue === undefined ? {} : { defaultValue }), ...widgetOf(key, t) };
  });
}

/**
 * Actions whose body a generic form cannot hold (nested facts, questions that explain themselves):
 * the console has its own form for each (`kind:action`).
 */
export const OWN_FORMS: ReadonlySet<string> = new Set(['legal-aid:apply']);
export const hasOwnForm = (kind: string, action: string) => OWN_FORMS.has(`${kind}:${action}`);

/** The fields of an action of a case's kind, as declared. */
export function actionFields(kind: string, action: string): FieldSpec[] {
  return fieldsOf(kindModule(kind)?.actions[action]?.schema);
}

/** The form's first values: schema defaults, switches off, full stars, one empty department row, the officer's department, today. */
export function initialValues(fields: FieldSpec[], ctx: { department: string | null; now?: number }): FormValues {
  const v: FormValues = {};
  for (const f of fields) {
    if (f.widget === 'own-department') v[f.key] = ctx.department;
    else if (f.widget === 'departments') v[f.key] = [{}];
    else if (f.defaultValue !== undefined) v[f.key] = toValue(f, f.defaultValue);
    else if (f.widget === 'switch') v[f.key] = false;
    else if (f.widget === 'rate') v[f.key] = f.max;
    else if (f.widget === 'date' && !f.optional) v[f.key] = beijingIso(ctx.now ?? Date.now()).slice(0, 10);
  }
  return v;
}

function toValue(f: FieldSpec, x: unknown): unknown {
  if (f.widget === 'text-list') return Array.isArray(x) ? x.join('，') : x;
  if (f.widget === 'lines') return Array.isArray(x) ? x.join('\n') : x;
  if (f.widget === 'departments') return Array.isArray(x) ? x.map((d) => (typeof d === 'string' ? { department: d } : d)) : x;
  return x;
}

/** A body as form values (a case's known body shown again, and the tests' round trip). */
export function valuesOf(fields: FieldSpec[], body: Record<string, unknown>): FormValues {
  const v: FormValues = {};
  for (const f of fields) if (body[f.key] !== undefined) v[f.key] = toValue(f, body[f.key]);
  return v;
}

const str = (x: unknown): string => (typeof x === 'string' ? x.trim() : '');

/**
 * The body from the form's values: strings trimmed, empty optionals left out. A required field
 * left empty is still sent (empty), so the API answers with that field's message.
 */
export function bodyOf(fields: FieldSpec[], values: FormValues, now: number = Date.now()): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const put = (f: FieldSpec, x: unknown, empty: boolean) => {
    if (!empty || !f.optional) body[f.key] = x;
  };
  for (const f of fields) {
    const v = values[f.key];
    switch (f.widget) {
      case 'text':
      case 'mediator':
      case 'provider':
      case 'date':
      case 'centre': {
        const s = str(v);
        put(f, s, s === '');
        break;
      }
      case 'switch':
        body[f.key] = !!v;
        break;
      case 'rate':
      case 'number':
        if (typeof v === 'number') body[f.key] = v;
        break;
      case 'select':
      case 'own-department':
        // Left unchosen, the key is not sent: the API says which field is required.
        if (typeof v === 'string' && v !== '') body[f.key] = v;
        break;
      case 'text-list': {
        const items = (
          Array.isArray(v)
            ? v.map(str)
            : str(v)
                .split(/[,，、;；]/)
                .map((p) => p.trim())
        ).filter(Boolean);
        put(f, items, items.length === 0);
        break;
      }
      case 'lines': {
        const items = (
          Array.isArray(v)
            ? v.map(str)
            : str(v)
                .split(/\r?\n/)
                .map((p) => p.trim())
        ).filter(Boolean);
        put(f, items, items.length === 0);
        break;
      }
      case 'select-list': {
        const items = (Array.isArray(v) ? v : []).filter((x): x is string => typeof x === 'string' && x !== '');
        put(f, items, items.length === 0);
        break;
      }
      case 'now': {
        const s = str(v);
        body[f.key] = s || beijingIso(now);
        break;
      }
      case 'departments': {
        const parts = ((Array.isArray(v) ? v : []) as Array<{ department?: string; orgUnit?: string } | undefined>).filter((p) => p?.department);
        const items = parts.map((p) => (p!.orgUnit ? { department: p!.department, orgUnit: p!.orgUnit } : p!.department));
        put(f, items, items.length === 0);
        break;
      }
      case 'unsupported':
        if (v !== undefined) body[f.key] = v;
        break;
    }
  }
  return body;
}

const hasMessage = (k: string): k is MessageKey => k in zh;

/** A field's label: `<action>.<field>` from the dictionary, else `<field>`, else the key itself. */
export function fieldLabel(action: string, key: string, lang: 'zh' | 'en'): string {
  for (const k of [`${action}.${key}`, key]) if (hasMessage(k)) return translate(k, lang);
  return key;
}

/** An action's name as its kind declares it; the dictionary's `action.*` for an undeclared one. */
export function actionLabel(kind: string, action: string, lang: 'zh' | 'en'): string {
  const declared = kindModule(kind)?.actions[action]?.label;
  if (declared) return declared[lang];
  const k = `action.${action}`;
  return hasMessage(k) ? translate(k, lang) : action;
}
