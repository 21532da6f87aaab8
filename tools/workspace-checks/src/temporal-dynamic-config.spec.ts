import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '../../..');
const file = join(root, 'infra/temporal/dynamicconfig/development-sql.yaml');

describe('the local Temporal dev server’s dynamic config', () => {
  it('is every setting of the deployments’ file, with its value (infra.sh passes them as flags)', () => {
    const deployed = parse(readFileSync(file, 'utf8')) as Record<string, Array<{ value: unknown; constraints: object }>>;
    const expected = Object.entries(deployed).map(([key, [first]]) => `${key}=${JSON.stringify(first!.value)}`);
    const flags = execFileSync('bash', ['-c', 'source tools/infra/infra.sh && dynamic_config_values'], { cwd: root, encoding: 'utf8' });
    expect(flags.trim().split('\n')).toEqual(expected);
    expect(expected).toContain('history.transferProcessorMaxPollRPS=200');
  });
});
