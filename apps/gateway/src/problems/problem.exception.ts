import type { Problem } from '@fengqiao/contracts';

/** Thrown anywhere in the gateway to answer with this problem document. */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}
