/** A progress bar of bytes and messages on a terminal; nothing at all when piped. */
import { SingleBar } from 'cli-progress';

export interface Progress {
  bytes: number;
  totalBytes: number;
  messages: number;
}

export interface ProgressBar {
  update: (progress: Progress) => void;
  stop: () => void;
}

export function createProgressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string): ProgressBar {
  if (stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream,
    format: `${label} |{bar}| {percentage}% | {mb}/{totalMb} MB | {messages} messages | ETA {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  let started = false;
  return {
    update: (p) => {
      const payload = { mb: (p.bytes / 1e6).toFixed(0), totalMb: (p.totalBytes / 1e6).toFixed(0), messages: p.messages };
      if (!started) {
        bar.start(Math.max(1, p.totalBytes), p.bytes, payload);
        started = true;
      } else {
        bar.update(p.bytes, payload);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
