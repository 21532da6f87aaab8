#!/usr/bin/env node
// Prints one request's trace as a tree, from Jaeger's query API (the local Jaeger has no web UI):
//   node tools/scripts/trace.js <trace id>        (the id is in each answer's `traceresponse` header)
// FQ_JAEGER_URL picks another Jaeger (default http://127.0.0.1:16686). See docs/observability.md.
const traceId = process.argv[2];
if (!/^[0-9a-f]{32}$/.test(traceId ?? '')) {
  process.stderr.write('usage: node tools/scripts/trace.js <32-hex trace id>\n');
  process.exit(2);
}
const jaeger = process.env.FQ_JAEGER_URL || 'http://127.0.0.1:16686';

fetch(`${jaeger}/api/traces/${traceId}`)
  .then(async (r) => {
    if (r.status === 404) throw new Error(`trace ${traceId} not found in ${jaeger} (not exported yet, or Jaeger restarted)`);
    if (!r.ok) throw new Error(`${jaeger} answered ${r.status}`);
    const trace = (await r.json()).data[0];
    const children = new Map();
    const ids = new Set(trace.spans.map((s) => s.spanID));
    const roots = [];
    for (const s of trace.spans) {
      const parent = s.references.find((ref) => ids.has(ref.spanID));
      if (parent) children.set(parent.spanID, [...(children.get(parent.spanID) ?? []), s]);
      else roots.push(s);
    }
    const t0 = Math.min(...trace.spans.map((s) => s.startTime));
    const print = (s, depth) => {
      const service = trace.processes[s.processID].serviceName;
      const at = ((s.startTime - t0) / 1000).toFixed(1).padStart(8);
      const took = (s.duration / 1000).toFixed(1).padStart(8);
      const error = s.tags.some((t) => t.key === 'otel.status_code' && t.value === 'ERROR') ? '  ERROR' : '';
      process.stdout.write(`${at} ms ${took} ms  ${'  '.repeat(depth)}${service}: ${s.operationName}${error}\n`);
      for (const c of (children.get(s.spanID) ?? []).sort((a, b) => a.startTime - b.startTime)) print(c, depth + 1);
    };
    process.stdout.write(`trace ${traceId}: ${trace.spans.length} spans\n   start     took\n`);
    for (const r of roots.sort((a, b) => a.startTime - b.startTime)) print(r, 0);
  })
  .catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
