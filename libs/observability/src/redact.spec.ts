import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { redact } from './redact';
import { JsonLogger } from './json-logger';
import { withLogContext } from './log-context';

describe('redact', () => {
  it('masks resident ID numbers and mobile numbers inside text', () => {
    expect(redact('id 11010519491231002X phone 13812345678')).toBe('id 110105********002X phone 138****5678');
  });

  it('leaves case numbers and short numbers alone', () => {
    expect(redact('621102101-2026-000123 took 1500 ms')).toBe('621102101-2026-000123 took 1500 ms');
  });
});

describe('JsonLogger', () => {
  it('writes one JSON line with the ambient context and no personal data', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('intake', 'info', (l) => lines.push(l));
    withLogContext({ caseNo: '621102101-2026-000001' }, () => logger.event('registered', { phone: '13900001111' }));
    logger.debug('hidden at info level');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', service: 'intake', msg: 'registered', caseNo: '621102101-2026-000001', phone: '139****1111' });
  });
});

describe('JsonLogger inside a span', () => {
  it('writes the span’s trace_id and span_id (what finds the request in Jaeger)', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('gateway', 'info', (l) => lines.push(l));
    const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
    context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), () => logger.event('request'));
    logger.event('outside');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'request', trace_id: spanContext.traceId, span_id: spanContext.spanId });
    expect(JSON.parse(lines[1]!)).not.toHaveProperty('trace_id');
  });
});

// What startTelemetry registers (a context manager among it); without one the API keeps no context.
beforeAll(() => new NodeTracerProvider().register());
afterAll(() => {
  context.disable();
  trace.disable();
});
