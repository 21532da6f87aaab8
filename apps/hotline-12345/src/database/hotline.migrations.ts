import { CreateHotline1766000000000 } from './migrations/1766000000000-create-hotline';
import { OrderBeforeCase1767000000000 } from './migrations/1767000000000-order-before-case';
import { OrderDeadlineRun1767100000000 } from './migrations/1767100000000-order-deadline-run';

/** In order; the data source and the migrate tool both read this list. */
export const hotlineMigrations = [CreateHotline1766000000000, OrderBeforeCase1767000000000, OrderDeadlineRun1767100000000];
