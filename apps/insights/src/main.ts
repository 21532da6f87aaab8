import 'reflect-metadata';
import { JsonLogger } from '@fengqiao/observability';
import { runPlaceholderService } from '@fengqiao/messaging';

// The insights capability is still to be built; the service already deploys, joins NATS and reports health.
runPlaceholderService('insights', 3107, (level) => new JsonLogger('insights', level));
