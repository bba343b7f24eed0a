/**
 * Client-side limits at Teams' published values: per bot per conversation 7 per second, 8 per 2 s,
 * 60 per 30 s, 1800 per hour; per app per tenant 50 per second. Sliding windows over send times.
 * State is per process: with several instances each keeps its own share, and a 429 from Teams
 * (retried with Retry-After) is the backstop.
 */
export interface Window {
  limit: number;
  ms: number;
}

export function conversationWindows(perSecond: number): Window[] {
  return [
    { limit: perSecond, ms: 1_000 },
    { limit: Math.max(1, Math.round((perSecond * 8) / 7)), ms: 2_000 },
    { limit: 60, ms: 30_000 },
    { limit: 1_800, ms: 3_600_000 },
  ];
}

export class SlidingWindowLimiter {
  private readonly history = new Map<string, number[]>();

  /** slackMs widens each window: a send leaves here a little before Teams counts it, and requests overtake each other. */
  constructor(
    private readonly windows: Window[],
    private readonly slackMs = 150,
  ) {}

  /** Milliseconds until one more send to `key` fits every window (0 = now). */
  delayFor(key: string, now: number): number {
    const times = this.history.get(key);
    if (!times) return 0;
    let wait = 0;
    for (const w of this.windows) {
      const span = w.ms + this.slackMs;
      const inWindow = times.filter((t) => t > now - span);
      if (inWindow.length >= w.limit) wait = Math.max(wait, inWindow[inWindow.length - w.limit] + span - now);
    }
    return wait;
  }

  record(key: string, now: number): void {
    const longest = Math.max(...this.windows.map((w) => w.ms));
    const times = (this.history.get(key) ?? []).filter((t) => t > now - longest);
    times.push(now);
    this.history.set(key, times);
  }

  /** Waits for a slot and takes it; slots are taken in call order. */
  async acquire(key: string, sleep: (ms: number) => Promise<void>, now: () => number): Promise<void> {
    for (;;) {
      const wait = this.delayFor(key, now());
      if (wait <= 0) {
        this.record(key, now());
        return;
      }
      await sleep(wait);
    }
  }

  /** Drops keys idle longer than the longest window, so memory stays flat. */
  prune(now: number): void {
    const longest = Math.max(...this.windows.map((w) => w.ms));
    for (const [key, times] of this.history)
      if (!times.length || times[times.length - 1] <= now - longest) this.history.delete(key);
  }
}
