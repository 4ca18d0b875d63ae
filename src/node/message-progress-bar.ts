/** A progress bar of messages with an ETA on a terminal; nothing at all when piped. */
import { SingleBar } from 'cli-progress';

export interface MessageProgress {
  done: number;
  total: number;
}

export interface MessageProgressBar {
  update: (progress: MessageProgress) => void;
  stop: () => void;
}

export function createMessageProgressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string): MessageProgressBar {
  if (stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream,
    format: `${label} |{bar}| {percentage}% | {value}/{total} messages | ETA {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 200,
    // Redrawing on every message would cost more than the scan at localhost speeds.
    fps: 5,
  });
  let started = false;
  return {
    update: (p) => {
      if (!started) {
        bar.start(Math.max(1, p.total), p.done);
        started = true;
      } else {
        bar.setTotal(Math.max(1, p.total));
        bar.update(p.done);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
