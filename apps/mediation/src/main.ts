import 'reflect-metadata';
import { JsonLogger } from '@fengqiao/observability';
import { runPlaceholderService } from '@fengqiao/messaging';

// The mediation capability is still to be built; the service already deploys, joins NATS and reports health.
runPlaceholderService('mediation', 3102, (level) => new JsonLogger('mediation', level));
