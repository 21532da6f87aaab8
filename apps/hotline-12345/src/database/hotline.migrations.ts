import { CreateHotline1766000000000 } from './migrations/1766000000000-create-hotline';
import { OrderBeforeCase1767000000000 } from './migrations/1767000000000-order-before-case';

/** In order; the data source and the migrate tool both read this list. */
export const hotlineMigrations = [CreateHotline1766000000000, OrderBeforeCase1767000000000];
