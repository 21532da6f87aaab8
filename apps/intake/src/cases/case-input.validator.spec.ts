import type { CreateCaseInput } from '@fengqiao/contracts';
import type { CategoryEntity, OrgUnitEntity } from '../reference/reference.entity';
import type { ReferenceService } from '../reference/reference.service';
import { validateCaseInput, type ValidationResult } from './case-input.validator';

// GB 11643-1999's published example; its check character is X.
const VALID_ID = '11010519491231002X';
const WRONG_CHECK_ID = '110105194912310021';

const unit = (code: string): OrgUnitEntity => ({ code, name: code, nameEn: code, level: 'township', parentCode: null, path: `/${code}/` });
const category = (code: string, active = true): CategoryEntity => ({ code, name: code, nameEn: code, active });

/** Reference data held in memory; records which codes were looked up. */
function fakeRefs(units: string[], categories: CategoryEntity[]) {
  const lookups: string[] = [];
  const refs: Pick<ReferenceService, 'orgUnit' | 'category'> = {
    orgUnit: async (code) => {
      lookups.push(`orgUnit ${code}`);
      return units.includes(code) ? unit(code) : undefined;
    },
    category: async (code) => {
      lookups.push(`category ${code}`);
      return categories.find((c) => c.code === code);
    },
  };
  return { refs: refs as ReferenceService, lookups };
}

const body = (overrides: Record<string, unknown> = {}) => ({
  kind: 'dispute',
  category: 'neighbour',
  title: '排水沟堵塞',
  description: '两户村民因排水沟堵塞发生争执。',
  channel: 'walk-in',
  orgUnit: '621102101',
  parties: [
    { role: 'applicant', name: '张三', idNumber: VALID_ID, phone: '13812345678' },
    { role: 'respondent', name: '李四', phone: '0932-8212345' },
  ],
  ...overrides,
});

const refsOk = () => fakeRefs(['621102101'], [category('neighbour'), category('retired', false)]);

const errorsOf = (r: ValidationResult) => {
  if (r.ok) throw new Error('expected validation to fail');
  return r.errors;
};
const inputOf = (r: ValidationResult): CreateCaseInput => {
  if (!r.ok) throw new Error(`expected validation to pass: ${JSON.stringify(r.errors)}`);
  return r.input;
};

describe('validateCaseInput', () => {
  it('successful-validation of a well-formed case with known org unit and category', async () => {
    const { refs, lookups } = refsOk();
    const input = inputOf(await validateCaseInput(body(), refs));
    expect(input.orgUnit).toBe('621102101');
    expect(input.parties).toHaveLength(2);
    expect(lookups).toEqual(['orgUnit 621102101', 'category neighbour']);
  });

  it('failing-validation with an unknown org unit, at path orgUnit', async () => {
    const errors = errorsOf(await validateCaseInput(body({ orgUnit: '621102999' }), refsOk().refs));
    expect(errors).toEqual([{ path: 'orgUnit', message: expect.stringContaining('621102999') }]);
  });

  it('failing-validation with an unknown category, at path category', async () => {
    const errors = errorsOf(await validateCaseInput(body({ category: 'alien-abduction' }), refsOk().refs));
    expect(errors).toEqual([{ path: 'category', message: expect.stringContaining('alien-abduction') }]);
  });

  it('failing-validation with an inactive category, at path category', async () => {
    const errors = errorsOf(await validateCaseInput(body({ category: 'retired' }), refsOk().refs));
    expect(errors.map((e) => e.path)).toEqual(['category']);
  });

  it('failing-validation with a wrong ID check character, at parties[0].idNumber', async () => {
    const parties = [{ role: 'applicant', name: '张三', idNumber: WRONG_CHECK_ID }];
    const errors = errorsOf(await validateCaseInput(body({ parties }), refsOk().refs));
    expect(errors).toEqual([{ path: 'parties[0].idNumber', message: expect.stringContaining('check character') }]);
  });

  it('failing-validation with a bad phone on the second party, at parties[1].phone', async () => {
    const parties = [
      { role: 'applicant', name: '张三', phone: '13812345678' },
      { role: 'respondent', name: '李四', phone: '12345' },
    ];
    const errors = errorsOf(await validateCaseInput(body({ parties }), refsOk().refs));
    expect(errors).toEqual([{ path: 'parties[1].phone', message: expect.any(String) }]);
  });

  it('failing-validation reports every personal-data and reference problem at once', async () => {
    const parties = [
      { role: 'applicant', name: '张三', idNumber: WRONG_CHECK_ID, phone: '13812345678' },
      { role: 'respondent', name: '李四', idNumber: VALID_ID, phone: '999' },
    ];
    const errors = errorsOf(await validateCaseInput(body({ parties, orgUnit: '621102999', category: 'unknown' }), refsOk().refs));
    expect(errors.map((e) => e.path).sort()).toEqual(['category', 'orgUnit', 'parties[0].idNumber', 'parties[1].phone']);
  });

  it('failing-validation of the shape returns the contract errors without looking anything up', async () => {
    const { refs, lookups } = refsOk();
    const errors = errorsOf(await validateCaseInput(body({ title: '' }), refs));
    expect(errors.map((e) => e.path)).toEqual(['title']);
    expect(lookups).toEqual([]);
  });

  it('successful-validation normalises a lowercase x in the ID number and the phone formatting', async () => {
    const parties = [{ role: 'applicant', name: '张三', idNumber: VALID_ID.toLowerCase(), phone: '+86 138-1234-5678' }];
    const input = inputOf(await validateCaseInput(body({ parties }), refsOk().refs));
    expect(input.parties[0]?.idNumber).toBe(VALID_ID);
    expect(input.parties[0]?.phone).toBe('13812345678');
  });

  it('successful-validation leaves absent ID numbers and phones absent', async () => {
    const parties = [{ role: 'applicant', name: '张三' }];
    const input = inputOf(await validateCaseInput(body({ parties }), refsOk().refs));
    expect(input.parties[0]).toEqual({ role: 'applicant', name: '张三' });
  });
});
