import 'reflect-metadata';
import { JsonLogger } from '@fengqiao/observability';
import { runPlaceholderService } from '@fengqiao/messaging';

// The key-persons capability is still to be built; the service already deploys, joins NATS and reports health.
runPlaceholderService('key-persons', 3105, (level) => new JsonLogger('key-persons', level));
