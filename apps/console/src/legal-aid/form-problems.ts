import type { FormInstance } from 'antd';
import { ApiError, describeProblem, fieldErrors, type Lang } from '../api/problem';

/**
 * Runs a call for a form: the last attempt's field errors go, a problem's `errors[].path` land on
 * the fields they name (in the chosen language), and the text to show above the button comes back
 * (null when the call went through).
 */
export async function withFieldErrors<T>(form: FormInstance, lang: Lang, call: () => Promise<T>, onDone: (r: T) => void): Promise<string | null> {
  form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
  try {
    onDone(await call());
    return null;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const errs = fieldErrors(e.problem.errors, lang);
    if (errs.length) form.setFields(errs.map((f) => ({ name: f.name, errors: f.errors })));
    return describeProblem(e.problem, lang).text;
  }
}
