import { DEFAULTS, parseOptions } from './options';

describe('bench options', () => {
  it('defaults to steps 1, 8, 32 of 5 s and a 60 s sustained run', () => {
    expect(parseOptions([], {})).toEqual(DEFAULTS);
    expect(DEFAULTS).toEqual({ steps: [1, 8, 32], stepSeconds: 5, sustainSeconds: 60, outDir: '.local/bench', bundle: 'traced' });
  });

  it('reads flags (spaced or with =) over BENCH_* variables', () => {
    const o = parseOptions(['--sustain', '600', '--steps=2,4'], { BENCH_STEPS: '9', BENCH_STEP_SECONDS: '3' });
    expect(o).toEqual({ steps: [2, 4], stepSeconds: 3, sustainSeconds: 600, outDir: '.local/bench', bundle: 'traced' });
  });

  it('picks the workflow bundle by name, and refuses a name it does not know', () => {
    expect(parseOptions(['--bundle', 'untraced'], {}).bundle).toBe('untraced');
    expect(parseOptions([], { BENCH_BUNDLE: 'untraced' }).bundle).toBe('untraced');
    expect(() => parseOptions(['--bundle=fast'], {})).toThrow('--bundle: expected traced or untraced, got "fast"');
  });

  it('allows no sustained run, and refuses unknown flags, missing values and bad numbers', () => {
    expect(parseOptions(['--sustain', '0'], {}).sustainSeconds).toBe(0);
    expect(() => parseOptions(['--fast'], {})).toThrow('unknown flag --fast');
    expect(() => parseOptions(['--steps'], {})).toThrow('--steps needs a value');
    expect(() => parseOptions(['--steps', '1,x'], {})).toThrow('--steps');
    expect(() => parseOptions(['--steps', '1.5'], {})).toThrow('whole numbers');
    expect(() => parseOptions([], { BENCH_STEP_SECONDS: '0' })).toThrow('BENCH_STEP_SECONDS');
  });
});
