import { createCaseSchema, zodFieldErrors, type CreateCaseInput, type FieldError } from '@fengqiao/contracts';
import { validateIdNumber, validatePhone } from '@fengqiao/pii';
import type { ReferenceService } from '../reference/reference.service';

export type ValidationResult = { ok: true; input: CreateCaseInput } | { ok: false; errors: FieldError[] };

/**
 * Full validation of a new case: shape (the shared contract), personal data (GB 11643 and
 * phone rules) and reference data (org unit, category). Every problem is reported at once.
 */
export async function validateCaseInput(body: unknown, refs: ReferenceService): Promise<ValidationResult> {
  const parsed = createCaseSchema.safeParse(body);
  if (!parsed.success) return { ok: false, errors: zodFieldErrors(parsed.error) };
  const input = parsed.data;
  const errors: FieldError[] = [];

  input.parties.forEach((p, i) => {
    if (p.idNumber) {
      const r = validateIdNumber(p.idNumber);
      if (r.ok) p.idNumber = r.normalized;
      else errors.push({ path: `parties[${i}].idNumber`, message: r.message });
    }
    if (p.phone) {
      const r = validatePhone(p.phone);
      if (r.ok) p.phone = r.normalized;
      else errors.push({ path: `parties[${i}].phone`, message: r.message });
    }
  });

  const unit = await refs.orgUnit(input.orgUnit);
  if (!unit) errors.push({ path: 'orgUnit', message: `未知的组织单元 ${input.orgUnit} / unknown org unit` });
  const category = await refs.category(input.category);
  if (!category || !category.active) {
    errors.push({ path: 'category', message: `未知的类别 ${input.category} / unknown category (see GET /api/v1/categories)` });
  }
  return errors.length ? { ok: false, errors } : { ok: true, input };
}
