import { CreatePetitions1763900030000 } from './migrations/1763900030000-create-petitions';

/** In order; the data source and the migrate tool both read this list. */
export const petitionsMigrations = [CreatePetitions1763900030000];
