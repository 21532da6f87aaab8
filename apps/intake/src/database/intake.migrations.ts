import { CreateIntake1763900000000 } from './migrations/1763900000000-create-intake';

/** In order; the data source and the migrate tool both read this list. */
export const intakeMigrations = [CreateIntake1763900000000];
