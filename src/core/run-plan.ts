/**
 * Runs a plan written as a generator: the plan yields each I/O request and
 * gets the answer back (or the error, thrown at the yield), so one plan in
 * core drives both the synchronous Apps Script services and the Node CLI's
 * promises. The plan decides; the `perform` of each side only carries out.
 */
export function runPlanSync<Io, R>(plan: Generator<Io, R, unknown>, perform: (io: Io) => unknown): R {
  let step = plan.next();
  while (step.done !== true) {
    let answer: unknown;
    try {
      answer = perform(step.value);
    } catch (error) {
      step = plan.throw(error);
      continue;
    }
    step = plan.next(answer);
  }
  return step.value;
}

export async function runPlanAsync<Io, R>(plan: Generator<Io, R, unknown>, perform: (io: Io) => unknown): Promise<R> {
  let step = plan.next();
  while (step.done !== true) {
    let answer: unknown;
    try {
      answer = await perform(step.value);
    } catch (error) {
      step = plan.throw(error);
      continue;
    }
    step = plan.next(answer);
  }
  return step.value;
}
