import { ProblemException } from '@palembang/http';

/** The problem a service call refused with (status, code, the fields it named); fails when the call succeeds. */
export async function problemRaisedBy(promise: Promise<unknown>): Promise<{ status: number; code?: string; fields?: string[] }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    return { status: error.problem.status, code: error.problem.code, fields: error.problem.errors?.map((fieldError) => fieldError.field) };
  }
  throw new Error('expected a problem');
}
