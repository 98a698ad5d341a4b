/**
 * Notices device memory growing inside a loop that never yields to the
 * event loop, and says once what to do.
 *
 * Why it cannot simply be freed: a tensor the program drops without
 * `dispose()` is freed by core's FinalizationRegistry, whose callbacks
 * JavaScript runs only between tasks, never inside a synchronous job; and a
 * WeakRef created or dereferenced in a job keeps its target alive until the
 * job ends, so no weak structure can tell, mid-job, that a tensor died. A
 * plain `for` loop of training steps therefore keeps every step's textures
 * until it ends. What does free them: `tidy` (at once), or yielding to the
 * event loop so the collector and its finalizers can run.
 *
 * How growth is noticed, at almost no cost: every {@link CHECK_EVERY} new
 * storages, a zero-delay timer is armed unless one is pending. A timer still
 * pending at a later check means no task boundary since it was armed; if
 * {@link WARN_AFTER} or more storages were added since then, the warning
 * names the numbers. `await` of an already-settled value does not count as
 * yielding (no task boundary, no finalizers), and does not silence it.
 */

/** Storages between two looks at the growth. */
export const CHECK_EVERY = 1000;

/** Net new storages within one synchronous run that earn the warning (a README step leaks ~9). */
export const WARN_AFTER = 10_000;

/** What the watch needs to know about the backend at the moment it warns. */
export interface GrowthFigures {
  /** Live storages (each a texture in GL modes). */
  live: number;
  bytes: number;
}

export class GrowthWatch {
  private nextCheck = CHECK_EVERY;
  /** Live storages when the pending timer was armed; `null` when no timer is pending. */
  private armedAt: number | null = null;
  private warned = false;

  constructor(
    private readonly describe: string,
    private readonly isGl: boolean,
    private readonly warn: (message: string) => void = (m) => console.warn(m),
  ) {}

  /** Called after each new storage with the backend's counts. */
  allocated(figures: GrowthFigures): void {
    if (figures.live < this.nextCheck || this.warned) return;
    this.nextCheck = figures.live + CHECK_EVERY;
    if (this.armedAt === null) {
      this.arm(figures.live);
      return;
    }
    const grown = figures.live - this.armedAt;
    if (grown >= WARN_AFTER) {
      this.warned = true;
      this.warn(message(this.describe, this.isGl, figures, grown));
    }
  }

  /** Whether the warning was given (tests, tools). */
  get hasWarned(): boolean {
    return this.warned;
  }

  private arm(live: number): void {
    if (typeof setTimeout !== 'function') return;
    this.armedAt = live;
    const timer = setTimeout(() => {
      this.armedAt = null;
    }, 0) as unknown as { unref?: () => void };
    // Node: the probe must not keep a finished program alive.
    timer.unref?.();
  }
}

function message(describe: string, isGl: boolean, { live, bytes }: GrowthFigures, grown: number): string {
  const what = isGl ? 'textures' : 'device storages';
  const mb = (bytes / 1e6).toFixed(1);
  return (
    `${describe}: ${live.toLocaleString('en-US')} ${what} (${mb} MB) are alive, ${grown.toLocaleString('en-US')} more than ` +
    'when the program last yielded to the event loop. Tensors dropped without dispose() are freed by a garbage-collection ' +
    'finalizer, which JavaScript runs only between tasks, never inside a synchronous loop, so a loop that never yields ' +
    'keeps every step’s tensors on the device. Wrap each step in tidy(() => { … }) (with optimizer.zeroGrad({ setToNone: false }), ' +
    'so gradients are reused, not replaced), or yield once per step: await new Promise((r) => setTimeout(r, 0)). ' +
    'This warning is shown once.'
  );
}
