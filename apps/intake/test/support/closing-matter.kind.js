// A test-only case kind loaded through FQ_KIND_MODULES (docs/extending.md): the generic process
// under its own name, whose matter is closed for good once a case of it records the step below,
// as a petition's is after its re-review (§36).
module.exports = (rules) => ({
  ...rules.genericKind('closing-matter', { zh: '终结事项（测试）', en: 'Closing matter (test)' }, { officers: [rules.Roles.petitionOfficer] }),
  closesMatterAfter: ['petition-re-review-decided'],
});
