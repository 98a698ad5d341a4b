/**
 * Anomaly detection (torch.autograd.detect_anomaly): while on, each node
 * remembers the stack of the forward call that made it, and a backward that
 * produces NaN throws, naming that node and showing where it came from.
 * It reads gradient values back to the host, so it is for debugging only.
 */
let anomalyEnabled = false;

/** Turns anomaly detection on or off (torch.autograd.set_detect_anomaly). */
export function setDetectAnomaly(flag: boolean): void {
  anomalyEnabled = flag;
}

export function isAnomalyEnabled(): boolean {
  return anomalyEnabled;
}

/**
 * Runs `fn` with anomaly detection on.
 *
 * ```ts
 * autograd.detectAnomaly(() => x.div(zero).sum().backward()); // throws, naming DivBackward0
 * ```
 */
export function detectAnomaly<T>(fn: () => T): T {
  const previous = anomalyEnabled;
  anomalyEnabled = true;
  try {
    return fn();
  } finally {
    anomalyEnabled = previous;
  }
}

/** @internal The forward stack, when anomaly detection is on. */
export function anomalyTrace(): string | null {
  return anomalyEnabled ? (new Error().stack ?? null) : null;
}
