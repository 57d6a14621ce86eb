/** Global grad mode, as `torch.no_grad()` / `torch.enable_grad()` / `torch.is_grad_enabled()`. */

let enabled = true;

/**
 * Whether ops record the autograd graph now (`torch.is_grad_enabled()`); false inside `noGrad`.
 *
 * @example
 * isGradEnabled(); // true
 * noGrad(() => isGradEnabled()); // false
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Sets grad mode and returns the previous value (`torch.set_grad_enabled`).
 *
 * @example
 * const previous = setGradEnabled(false);
 * ones([2], { requiresGrad: true }).mul(2).requiresGrad; // false
 * setGradEnabled(previous);
 */
export function setGradEnabled(mode: boolean): boolean {
  checkMode("setGradEnabled", mode);
  const prev = enabled;
  enabled = mode;
  return prev;
}

/**
 * Runs `fn` with gradient recording off, like `with torch.no_grad():`. Ops inside record no graph,
 * and in-place ops on leaves that require grad are allowed (that is how optimizers update weights).
 * `fn` must be synchronous: an async one is a TypeError (grad mode cannot follow an `await`).
 *
 * @example
 * const w = ones([2], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2));
 * y.requiresGrad; // false
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode("noGrad", false, fn);
}

/**
 * Runs `fn` with gradient recording on, even inside `noGrad` (`torch.enable_grad()`).
 *
 * @example
 * const x = ones([2], { requiresGrad: true });
 * noGrad(() => enableGrad(() => x.mul(2))).requiresGrad; // true
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode("enableGrad", true, fn);
}

/**
 * Runs `fn` without recording, as `noGrad` does (`torch.inference_mode()`), with `mode = false` as
 * an ordinary `enableGrad`-like pass-through (`inference_mode(False)`). Unlike PyTorch, results are
 * ordinary tensors: tsgrad has no inference tensors, so using them in autograd later is not refused
 * (and there is no extra speed to gain: `noGrad` already skips all graph work).
 *
 * @example
 * const w = ones([2], { requiresGrad: true });
 * inferenceMode(() => w.mul(2)).requiresGrad; // false
 */
export function inferenceMode<T>(fn: () => T): T;
export function inferenceMode<T>(mode: boolean, fn: () => T): T;
export function inferenceMode<T>(modeOrFn: boolean | (() => T), maybeFn?: () => T): T {
  if (typeof modeOrFn === "function") return withGradMode("inferenceMode", false, modeOrFn);
  checkMode("inferenceMode", modeOrFn);
  if (typeof maybeFn !== "function") {
    throw new TypeError(`inferenceMode(): fn must be a function, but got ${typeof maybeFn}`);
  }
  return modeOrFn ? withGradMode("inferenceMode", false, maybeFn) : maybeFn();
}

function withGradMode<T>(op: string, mode: boolean, fn: () => T): T {
  checkSync(op, fn, mode);
  const prev = setGradEnabled(mode);
  let result: T;
  try {
    result = fn();
  } finally {
    enabled = prev;
  }
  checkNotThenable(op, result, mode);
  return result;
}

function checkMode(op: string, mode: unknown): void {
  if (typeof mode !== "boolean") {
    const got =
      typeof mode === "string" ? `a string (${JSON.stringify(mode)})` : mode === null ? "null" : typeof mode;
    throw new TypeError(`${op}(): mode must be a boolean, but got ${got}`);
  }
}

/**
 * The mode is a global switch that `fn` runs inside: an async `fn` returns at its first `await`,
 * the mode is restored, and the rest runs in whatever mode is current then. So an async `fn` is an
 * error, found before it runs when it is an `async function` (its toStringTag says so), otherwise
 * from the Promise it returned (the mode is already restored when that throws).
 */
function checkSync(op: string, fn: unknown, mode: boolean | "anomaly"): void {
  if (typeof fn !== "function") {
    throw new TypeError(`${op}(): expected a function to run, but got ${fn === null ? "null" : typeof fn}`);
  }
  if (Object.prototype.toString.call(fn) === "[object AsyncFunction]") throw asyncError(op, mode);
}

function checkNotThenable(op: string, result: unknown, mode: boolean | "anomaly"): void {
  if (
    result !== null &&
    (typeof result === "object" || typeof result === "function") &&
    typeof (result as { then?: unknown }).then === "function"
  ) {
    throw asyncError(op, mode);
  }
}

function asyncError(op: string, mode: boolean | "anomaly"): TypeError {
  const what = mode === "anomaly" ? "anomaly detection on" : `grad mode ${mode ? "on" : "off"}`;
  const recipe =
    mode === "anomaly"
      ? "const prev = isAnomalyEnabled(); setDetectAnomaly(true); try { ... } finally { setDetectAnomaly(prev); }"
      : `const prev = setGradEnabled(${mode}); try { ... } finally { setGradEnabled(prev); }`;
  return new TypeError(
    `${op}(): fn is async (it returns a Promise), and ${what} cannot follow an await: only the code before ` +
      `its first await would run with ${what}. Call ${op}() inside the async function, around the synchronous ` +
      `work (await load(); const y = ${op}(() => model.call(x));), or switch the mode around the awaits ` +
      `(other code that runs meanwhile sees it too): ${recipe}`,
  );
}

let anomaly = false;

/**
 * Whether anomaly detection is on (`torch.is_anomaly_enabled()`).
 *
 * @example
 * isAnomalyEnabled(); // false
 */
export function isAnomalyEnabled(): boolean {
  return anomaly;
}

/**
 * Turns anomaly detection on or off (`torch.autograd.set_detect_anomaly`). When on, each recorded
 * op keeps the stack of its forward call, and a backward that produces NaN or Infinity throws an
 * error naming that op and where it was created.
 *
 * @example
 * setDetectAnomaly(true);
 * isAnomalyEnabled(); // true
 * setDetectAnomaly(false);
 */
export function setDetectAnomaly(mode: boolean): void {
  checkMode("setDetectAnomaly", mode);
  anomaly = mode;
}

/**
 * Runs `fn` with anomaly detection on (`with torch.autograd.detect_anomaly():`).
 *
 * @example
 * const x = tensor([-1], { requiresGrad: true });
 * let message = "";
 * try {
 *   detectAnomaly(() => x.sqrt().sum().backward());
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * message.split("\n")[0]; // "Function 'SqrtBackward0' returned nan values in its 0th output."
 * message.includes("The forward call that created it:"); // true
 */
export function detectAnomaly<T>(fn: () => T): T {
  checkSync("detectAnomaly", fn, "anomaly");
  const prev = anomaly;
  anomaly = true;
  let result: T;
  try {
    result = fn();
  } finally {
    anomaly = prev;
  }
  checkNotThenable("detectAnomaly", result, "anomaly");
  return result;
}
