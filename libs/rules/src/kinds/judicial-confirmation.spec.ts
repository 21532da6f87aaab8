import { mayRecordJudicialConfirmation } from './dispute.kind';

describe('mayRecordJudicialConfirmation', () => {
  const caller = (roles: string[], department: string | null = null) => ({ roles, department });

  it.each([['mediator'], ['leader'], ['clerk']])('lets centre staff (%s) record the court answer', (role) => {
    expect(mayRecordJudicialConfirmation(caller([role]))).toBe(true);
  });

  it('lets a department officer of the court record it, and no other department', () => {
    expect(mayRecordJudicialConfirmation(caller(['dept-officer'], 'court'))).toBe(true);
    expect(mayRecordJudicialConfirmation(caller(['dept-officer'], 'police'))).toBe(false);
    expect(mayRecordJudicialConfirmation(caller(['dept-officer']))).toBe(false);
  });

  it('refuses residents, grid workers and admins', () => {
    for (const role of ['resident', 'grid-worker', 'admin']) expect(mayRecordJudicialConfirmation(caller([role], 'court'))).toBe(false);
  });
});
