import { runVerifyCli } from '@fengqiao/audit';

/** `node verify-audit.js [--anchor <seq>:<hash>] [--json]`: checks the audit hash chain; exit 2 when broken. */
runVerifyCli(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
