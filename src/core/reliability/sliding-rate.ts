/**
 * Events per second over a sliding window of time (a dashboard's "fits per second"): each
 * record is a time and a count; a record leaves the window once it is `windowMs` old.
 */
export class SlidingRate {
  private times: number[] = [];
  private counts: number[] = [];
  /** First record still in the window: a head index instead of shift(), compacted now and then. */
  private head = 0;

  constructor(readonly windowMs: number) {}

  /** `count` events at time `t` (ms, non-decreasing). */
  record(t: number, count = 1): void {
    this.times.push(t);
    this.counts.push(count);
  }

  /**
   * Events in the window (now − windowMs, now] per second of `spanMs` (default the window;
   * a caller that started less than a window ago passes its age instead).
   */
  perSecond(now: number, spanMs = this.windowMs): number {
    const from = now - this.windowMs;
    while (this.head < this.times.length && this.times[this.head] <= from) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.counts = this.counts.slice(this.head);
      this.head = 0;
    }
    let events = 0;
    for (let i = this.head; i < this.counts.length; i++) events += this.counts[i];
    return (events * 1000) / spanMs;
  }
}
