/** Pause / resume / stop for a running loop: flags checked at batch boundaries (cancel and early stopping share `stop`). */

import type { TrainControl } from './callbacks/types';

export class TrainController implements TrainControl {
  private paused = false;
  private wake: (() => void) | null = null;
  private reason: string | null = null;
  /** Called when the state changes, so the UI hears 'paused' / 'running' / 'stopping'. */
  onChange: (state: 'paused' | 'running' | 'stopping') => void = () => {};

  get stopRequested(): boolean { return this.reason !== null; }
  get stopReason(): string | null { return this.reason; }
  get isPaused(): boolean { return this.paused; }

  pause(): void {
    if (this.paused || this.stopRequested) return;
    this.paused = true;
    this.onChange('paused');
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.wake?.();
    this.onChange('running');
  }

  stop(reason = 'stopped by user'): void {
    if (this.stopRequested) return;
    this.reason = reason;
    this.onChange('stopping');
    if (this.paused) { this.paused = false; this.wake?.(); }
  }

  /** Resolves at once unless paused; then when resumed or stopped. */
  async waitIfPaused(): Promise<void> {
    while (this.paused) await new Promise<void>((r) => { this.wake = r; });
    this.wake = null;
  }
}
