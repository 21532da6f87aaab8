// A test-only case kind, added the way docs/extending.md shows an integrator: a file named in
// FQ_KIND_MODULES, loaded by the gateway, intake and the orchestrator at start-up. It runs the
// generic process under its own name and labels; grid workers act on it beside the clerks.
module.exports = (rules) => rules.genericKind('noise-report', { zh: '噪声扰民（测试）', en: 'Noise report (test)' }, { officers: [rules.Roles.gridWorker] });
