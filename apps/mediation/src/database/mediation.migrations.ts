import { CreateMediation1763900010000 } from './migrations/1763900010000-create-mediation';

/** In order; the data source and the migrate tool both read this list. */
export const mediationMigrations = [CreateMediation1763900010000];
