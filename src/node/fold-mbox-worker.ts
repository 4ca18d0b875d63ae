/** Worker thread entry: folds its range of the mbox and posts progress, then the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { foldMboxRange, type RangeJob } from './fold-mbox-range';

const port = parentPort!;
foldMboxRange(workerData as RangeJob, (progress) => port.postMessage({ type: 'progress', progress })).then(
  (result) => port.postMessage({ type: 'done', result }),
  (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : 'Error' }),
);
