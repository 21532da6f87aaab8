import { problem, type FieldError, type Problem, type ProblemKind, type Reply } from '@fengqiao/contracts';

/**
 * Failure codes: each module declares its codes once, each with its problem kind and its zh-CN and
 * English message, and answers with a code instead of an inline string. Placeholders `{name}` in
 * a message are filled from the params, which the code's type then requires.
 */
export interface FailureSpec {
  status: ProblemKind;
  zh: string;
  en: string;
  /** A field error this failure always carries (e.g. which parameter is missing). */
  field?: { path: string; zh: string; en: string };
  /**
   * Seconds a client should wait before retrying (a passing outage, `unavailable`): the problem's
   * `retryAfter` extension, which the gateway also sends as the Retry-After header.
   */
  retryAfter?: number;
}

type Placeholders<S> = S extends `${string}{${infer K}}${infer Rest}` ? K | Placeholders<Rest> : never;
type SpecPlaceholders<F extends FailureSpec> =
  | Placeholders<F['zh']>
  | Placeholders<F['en']>
  | (F['field'] extends { zh: infer Z; en: infer E } ? Placeholders<Z> | Placeholders<E> : never);

/** The params a code's messages name, or none. */
export type FailureParams<F extends FailureSpec> = [SpecPlaceholders<F>] extends [never] ? [] : [params: Record<SpecPlaceholders<F>, string | number>];

/** The arguments after a code: its params (when its messages name any), then field errors. */
export type FailureArgs<F extends FailureSpec> = [...FailureParams<F>, errors?: FieldError[]];

export interface Failures<T extends Record<string, FailureSpec>> {
  /** The codes as an enum: `codes.CASE_NOT_FOUND === 'CASE_NOT_FOUND'`. */
  readonly codes: { readonly [K in keyof T]: K };
  /** The message of a code in one language. */
  message<K extends keyof T & string>(code: K, lang: 'zh' | 'en', ...params: FailureParams<T[K]>): string;
  /** The RFC 9457 problem a code answers with (`detail` = `zh / en`, extension `code`). */
  problem<K extends keyof T & string>(code: K, ...args: FailureArgs<T[K]>): Problem;
  /** The same as a command's reply. */
  fail<K extends keyof T & string>(code: K, ...args: FailureArgs<T[K]>): Reply<never>;
}

/** Fills `{name}` placeholders in one pass: a param that looks like a placeholder stays as given. */
const fill = (text: string, params: Record<string, string | number> | undefined) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));

const PLACEHOLDER = /\{\w+\}/;

/**
 * Declares a module's failure codes, e.g.
 * `defineFailures({ CASE_NOT_FOUND: { status: 'notFound', zh: '案件不存在', en: 'Case not found' } })`.
 * The declaration is the code enum and the exhaustive table of messages at once.
 */
export function defineFailures<const T extends Record<string, FailureSpec>>(specs: T): Failures<T> {
  const codes = Object.fromEntries(Object.keys(specs).map((k) => [k, k])) as { readonly [K in keyof T]: K };
  const toProblem = (code: string, args: unknown[]): Problem => {
    const spec = specs[code];
    if (!spec) throw new Error(`unknown failure code ${code}`);
    const hasParams = PLACEHOLDER.test(spec.zh + spec.en + (spec.field ? spec.field.zh + spec.field.en : ''));
    const params = (hasParams ? args[0] : undefined) as Record<string, string | number> | undefined;
    const errors = hasParams ? args[1] : args[0];
    const fixed = spec.field ? [{ path: spec.field.path, message: `${fill(spec.field.zh, params)} / ${fill(spec.field.en, params)}` }] : [];
    const all = [...fixed, ...(Array.isArray(errors) ? (errors as FieldError[]) : [])];
    const p = { ...problem(spec.status, `${fill(spec.zh, params)} / ${fill(spec.en, params)}`, all.length ? all : undefined), code };
    return spec.retryAfter === undefined ? p : { ...p, retryAfter: spec.retryAfter };
  };
  return {
    codes,
    message: (code, lang, ...params) => fill(specs[code]![lang], params[0] as Record<string, string | number> | undefined),
    problem: (code, ...args) => toProblem(code, args),
    fail: (code, ...args) => ({ ok: false, problem: toProblem(code, args) }),
  };
}
