import { hostname } from 'node:os';
import { taskQueue, ORCHESTRATOR_QUEUE } from '@fengqiao/temporal';
import { waitFor } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

// The local Jaeger and Prometheus of tools/infra/infra.sh (`infra.sh env` exports these; the defaults are its ports).
const JAEGER = process.env['FQ_JAEGER_URL'] ?? 'http://127.0.0.1:16686';
const PROMETHEUS = process.env['FQ_PROMETHEUS_URL'] ?? 'http://127.0.0.1:9095';
const TRACES = process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? 'http://127.0.0.1:14318/v1/traces';
const METRICS = process.env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] ?? `${PROMETHEUS}/api/v1/otlp/v1/metrics`;

interface JaegerTrace {
  traceID: string;
  spans: Array<{
    spanID: string;
    operationName: string;
    processID: string;
    references: Array<{ spanID: string }>;
    tags: Array<{ key: string; value: unknown }>;
  }>;
  processes: Record<string, { serviceName: string }>;
}

let p: Platform;
let clerk: string;

beforeAll(async () => {
  p = await startPlatform('obs', {
    // Metrics every second so the test does not wait for the default 15 s push.
    env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: TRACES, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: METRICS, OTEL_METRIC_EXPORT_INTERVAL: '1000' },
  });
  clerk = await p.ctx.tokenFor('clerk.621102101');
}, 180_000);

afterAll(() => p?.stop());

/** Jaeger's query API: the trace as stored so far (spans arrive from each process in its own batches). */
async function jaegerTrace(traceId: string): Promise<JaegerTrace | undefined> {
  const r = await fetch(`${JAEGER}/api/traces/${traceId}`);
  if (r.status === 404) return undefined;
  if (!r.ok) throw new Error(`jaeger ${r.status}`);
  return ((await r.json()) as { data: JaegerTrace[] }).data[0];
}

/** Prometheus' HTTP API: the names of the series matching `selector`. */
async function seriesNames(selector: string): Promise<string[]> {
  const r = await fetch(`${PROMETHEUS}/api/v1/series?${new URLSearchParams({ 'match[]': selector, start: String(Date.now() / 1000 - 600) })}`);
  if (!r.ok) throw new Error(`prometheus ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { data: Array<{ __name__: string }> }).data.map((s) => s.__name__);
}

describe('one request, one trace across processes', () => {
  let traceId: string;

  beforeAll(async () => {
    const res = await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(sampleCase()) });
    expect(res.status).toBe(201);
    // W3C trace-context `traceresponse`: version-traceid-spanid-flags.
    const header = res.headers.get('traceresponse');
    expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    traceId = header!.split('-')[1]!;
  });

  it('holds spans of the gateway, intake, the orchestrator’s workflow and its activity in Jaeger', async () => {
    const wanted = (t: JaegerTrace) => {
      const services = new Set(t.spans.map((s) => t.processes[s.processID]?.serviceName));
      const ops = t.spans.map((s) => s.operationName);
      return (
        services.has('gateway') &&
        services.has('intake') &&
        services.has('orchestrator') &&
        ops.some((o) => o.startsWith('StartWorkflow:')) &&
        ops.some((o) => o.startsWith('StartActivity:')) &&
        ops.some((o) => o.startsWith('RunActivity:'))
      );
    };
    // Jaeger's contract is eventual: each process exports in batches; poll until the trace is whole.
    const trace = await waitFor(
      async () => {
        const t = await jaegerTrace(traceId);
        return t && wanted(t) ? t : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: `trace ${traceId} with gateway, intake and workflow spans` },
    );

    const byService = (name: string) => trace.spans.filter((s) => trace.processes[s.processID]?.serviceName === name).map((s) => s.operationName);
    expect(byService('gateway')).toEqual(expect.arrayContaining(['POST /api/v1/cases', expect.stringMatching(/^nats request fq\.intake\./)]));
    expect(byService('intake')).toEqual(expect.arrayContaining([expect.stringMatching(/^nats handle fq\.intake\./), expect.stringMatching(/^StartWorkflow:/)]));
    // The workflow (in the orchestrator's sandbox) schedules an activity; a worker runs it in the same trace.
    // (The workflow's own RunWorkflow span ends, and is exported, only when the case's workflow completes.)
    expect(byService('orchestrator')).toEqual(expect.arrayContaining([expect.stringMatching(/^StartActivity:/)]));
    expect(trace.spans.map((s) => s.operationName)).toEqual(expect.arrayContaining([expect.stringMatching(/^RunActivity:/)]));
    // One trace, one root: the gateway's HTTP span; every other span has a parent.
    const roots = trace.spans.filter((s) => s.references.length === 0);
    expect(roots.map((s) => [trace.processes[s.processID]?.serviceName, s.operationName])).toEqual([['gateway', 'POST /api/v1/cases']]);
  });

  it('writes the trace id into the log lines of that request', async () => {
    const line = await waitFor(() => p.intake.output.find((l) => l.includes(`"trace_id":"${traceId}"`)), { what: 'an intake log line with the trace id' });
    expect(JSON.parse(line)).toMatchObject({ service: 'intake', trace_id: traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});

describe('personal data stays out of traces', () => {
  it('keeps the path of a request, not its query (an ID number looked up)', async () => {
    const res = await p.api('/api/v1/person-file?idNumber=11010519491231002X', { token: clerk });
    const traceId = res.headers.get('traceresponse')!.split('-')[1]!;
    const trace = await waitFor(
      async () => {
        const t = await jaegerTrace(traceId);
        return t?.spans.some(
          (s) => t.processes[s.processID]?.serviceName === 'gateway' && s.operationName === 'GET /api/v1/person-file' && s.references.length === 0,
        )
          ? t
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: `trace ${traceId} of the person-file lookup` },
    );
    const tags = JSON.stringify(trace.spans.map((s) => s.tags));
    expect(tags).toContain('/api/v1/person-file');
    expect(tags).not.toContain('11010519491231002X');
  });
});

/** The series of one process of this test (job from service.name, instance from service.instance.id). */
const instanceOf = (service: string, pid: number) => `{job="fengqiao/${service}",instance="${hostname()}/${pid}"}`;

describe('metrics reach Prometheus', () => {
  it('has the gateway’s HTTP request duration (rate and latency) from this gateway', async () => {
    const names = await waitFor(
      async () => {
        const n = await seriesNames(instanceOf('gateway', p.gateway.pid));
        return n.some((x) => /^http_server_duration.*_count$/.test(x)) ? n : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'http_server_duration of this gateway in Prometheus' },
    );
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^http_server_duration.*_bucket$/)]));
    // Per route, not per URL: the registration's series is labelled with its route.
    const byRoute = `http_server_duration_milliseconds_count${instanceOf('gateway', p.gateway.pid).replace('}', ',http_route="/api/v1/cases",http_method="POST"}')}`;
    expect(await waitFor(async () => ((await seriesNames(byRoute)).length ? true : undefined), { timeoutMs: 30_000, intervalMs: 500, what: byRoute })).toBe(
      true,
    );
  });

  it('has the workflow task latency of this orchestrator’s task queue (Temporal’s runtime metrics)', async () => {
    const queue = taskQueue(ORCHESTRATOR_QUEUE, undefined, p.ctx.prefix);
    const names = await waitFor(
      async () => {
        const n = await seriesNames(`{task_queue="${queue}"}`);
        return n.some((x) => /^temporal_workflow_task_execution_latency/.test(x)) ? n : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: `temporal_workflow_task_execution_latency for ${queue}` },
    );
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^temporal_workflow_task_schedule_to_start_latency/)]));
  });

  it('has the outbox lag and the consumer lag gauges', async () => {
    const names = await waitFor(
      async () => {
        const n = [...(await seriesNames(instanceOf('intake', p.intake.pid))), ...(await seriesNames(instanceOf('orchestrator', p.orchestrator.pid)))];
        return n.some((x) => x.startsWith('fq_outbox_lag')) && n.some((x) => x.startsWith('fq_consumer_pending')) ? n : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'fq_outbox_lag and fq_consumer_pending' },
    );
    expect(names.length).toBeGreaterThan(0);
  });
});
