import { CreateWebhooks1766000010000 } from './migrations/1766000010000-create-webhooks';
import { DeliveryClaims1766000020000 } from './migrations/1766000020000-delivery-claims';

/** In order; the data source and the migrate tool both read this list. */
export const webhooksMigrations = [CreateWebhooks1766000010000, DeliveryClaims1766000020000];
