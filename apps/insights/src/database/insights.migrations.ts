import { CreateInsights1763900020000 } from './migrations/1763900020000-create-insights';

/** In order; the data source and the migrate tool both read this list. */
export const insightsMigrations = [CreateInsights1763900020000];
