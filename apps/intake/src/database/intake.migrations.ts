import { CreateIntake1763900000000 } from './migrations/1763900000000-create-intake';
import { CasesRowLevelSecurity1763900002000 } from './migrations/1763900002000-cases-row-level-security';

/** In order; the data source and the migrate tool both read this list. */
export const intakeMigrations = [CreateIntake1763900000000, CasesRowLevelSecurity1763900002000];
