import { CreateWebhooks1766000010000 } from './migrations/1766000010000-create-webhooks';

/** In order; the data source and the migrate tool both read this list. */
export const webhooksMigrations = [CreateWebhooks1766000010000];
