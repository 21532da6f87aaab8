import { CHAOS_DEFAULTS, parseChaosOptions } from './chaos-options';

describe('parseChaosOptions', () => {
  it('defaults to every target in turn, 10 s apart', () => {
    expect(parseChaosOptions([], {})).toEqual(CHAOS_DEFAULTS);
    expect(CHAOS_DEFAULTS.targets).toEqual(['intake', 'orchestrator', 'gateway', 'nats', 'postgres', 'temporal']);
  });

  it('reads flags, inline or separate, and CHAOS_GAP', () => {
    expect(parseChaosOptions(['--clients=3', '--targets', 'nats,gateway'], { CHAOS_GAP: '4' })).toMatchObject({
      clients: 3,
      gapSeconds: 4,
      targets: ['nats', 'gateway'],
    });
  });

  it('refuses what it does not know, saying what it knows', () => {
    expect(() => parseChaosOptions(['--targets', 'keycloak'], {})).toThrow(/unknown keycloak \(known: intake/);
    expect(() => parseChaosOptions(['--gap', '0'], {})).toThrow(/at least 1/);
    expect(() => parseChaosOptions(['--fast'], {})).toThrow(/unknown flag --fast/);
  });
});
