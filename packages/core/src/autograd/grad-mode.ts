/** Global grad mode, as `torch.no_grad()` / `torch.enable_grad()` / `torch.is_grad_enabled()`. */

let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Sets grad mode and returns the previous value (`torch.set_grad_enabled`). */
export function setGradEnabled(mode: boolean): boolean {
  const prev = enabled;
  enabled = mode;
  return prev;
}

/**
 * Runs `fn` with gradient recording off, like `with torch.no_grad():`. Ops inside record no graph,
 * and in-place ops on leaves that require grad are allowed (that is how optimizers update weights).
 *
 * @example
 * const y = noGrad(() => w.mul(2)); // y.requiresGrad === false
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with gradient recording on, even inside `noGrad` (`torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const prev = setGradEnabled(mode);
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

let anomaly = false;

/** Whether anomaly detection is on (`torch.is_anomaly_enabled()`). */
export function isAnomalyEnabled(): boolean {
  return anomaly;
}

/**
 * Turns anomaly detection on or off (`torch.autograd.set_detect_anomaly`). When on, each recorded
 * op keeps the stack of its forward call, and a backward that produces NaN or Infinity throws an
 * error naming that op and where it was created.
 */
export function setDetectAnomaly(mode: boolean): void {
  anomaly = mode;
}

/** Runs `fn` with anomaly detection on (`with torch.autograd.detect_anomaly():`). */
export function detectAnomaly<T>(fn: () => T): T {
  const prev = anomaly;
  anomaly = true;
  try {
    return fn();
  } finally {
    anomaly = prev;
  }
}
