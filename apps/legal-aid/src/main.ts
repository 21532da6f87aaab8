import 'reflect-metadata';
import { JsonLogger } from '@fengqiao/observability';
import { runPlaceholderService } from '@fengqiao/messaging';

// The legal-aid capability is still to be built; the service already deploys, joins NATS and reports health.
runPlaceholderService('legal-aid', 3103, (level) => new JsonLogger('legal-aid', level));
