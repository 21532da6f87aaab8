import { CreatePetitions1763900030000 } from './migrations/1763900030000-create-petitions';
import { PetitionsRowLevelSecurity1763900031000 } from './migrations/1763900031000-petitions-row-level-security';

/** In order; the data source and the migrate tool both read this list. */
export const petitionsMigrations = [CreatePetitions1763900030000, PetitionsRowLevelSecurity1763900031000];
