import { examine } from './doctor';
import { report } from './finding';

/** `npm run doctor`: checks a running deployment against what Fengqiao depends on; exit 1 when something is wrong. */
examine(process.env)
  .then((findings) => {
    process.stdout.write(`${report(findings)}\n`);
    process.exit(findings.some((f) => f.status === 'fail') ? 1 : 0);
  })
  .catch((e: unknown) => {
    process.stderr.write(`doctor: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  });
