import 'reflect-metadata';
import { JsonLogger } from '@fengqiao/observability';
import { runPlaceholderService } from '@fengqiao/messaging';

// The petitions capability is still to be built; the service already deploys, joins NATS and reports health.
runPlaceholderService('petitions', 3104, (level) => new JsonLogger('petitions', level));
