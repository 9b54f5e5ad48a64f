import { useEffect, useState } from 'react';

/**
 * Dwell time: how long each task was on screen while the tab was visible and focused. The
 * screen says which task is shown (`show`); `take` hands over a task's total when it is answered.
 */
export class DwellClock {
  private readonly totals = new Map<string, number>();
  private key: string | null = null;
  private since: number | null = null;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly counting: () => boolean = () =>
      document.visibilityState === 'visible' && document.hasFocus(),
  ) {}

  show(key: string | null): void {
    this.pause();
    this.key = key;
    this.resume();
  }

  /** Visibility or focus changed. */
  update(): void {
    this.pause();
    this.resume();
  }

  take(key: string): number {
    this.pause();
    const total = this.totals.get(key) ?? 0;
    this.totals.delete(key);
    this.resume();
    return Math.round(total);
  }

  private pause(): void {
    if (this.key !== null && this.since !== null) {
      this.totals.set(this.key, (this.totals.get(this.key) ?? 0) + (this.now() - this.since));
    }
    this.since = null;
  }

  private resume(): void {
    if (this.key !== null && this.counting()) this.since = this.now();
  }
}

/** A dwell clock that follows the page's visibility and focus, showing `key`. */
export function useDwellClock(key: string | null): DwellClock {
  const [clock] = useState(() => new DwellClock());
  useEffect(() => clock.show(key), [clock, key]);
  useEffect(() => {
    const update = () => clock.update();
    document.addEventListener('visibilitychange', update);
    window.addEventListener('focus', update);
    window.addEventListener('blur', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', update);
    };
  }, [clock]);
  return clock;
}
