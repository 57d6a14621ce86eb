/**
 * Devices, as far as a CPU-only library has them: `device("cpu")` (`torch.device("cpu")`),
 * `tensor.to("cpu")`, `model.to(device)` and `{ device: "cpu" }` in creation options are accepted
 * as the no-ops they are, so PyTorch programs port unchanged; any other device ("cuda", "mps",
 * "cuda:0", ...) is an error saying that tsgrad runs on the CPU.
 */
import type { OptionTest } from "./options.js";

/**
 * A device (`torch.device`); tsgrad has one, the CPU. Prints as `print(torch.device("cpu"))` does,
 * `cpu` (`str`); `repr()` gives PyTorch's `device(type='cpu')`.
 *
 * @example
 * String(device("cpu")); // "cpu"
 * device("cpu").repr(); // "device(type='cpu')"
 * device("cpu").type; // "cpu"
 */
export class Device {
  /** The name messages use for this class; bundlers may rename the class itself. */
  static readonly typeName: string = "Device";
  /** The device type, as `torch.device(...).type`. */
  readonly type = "cpu" as const;
  /** PyTorch's `str(torch.device("cpu"))`, what `print` and f-strings show: `cpu`. */
  toString(): string {
    return "cpu";
  }
  /** PyTorch's `repr(torch.device("cpu"))`: `device(type='cpu')`. */
  repr(): string {
    return "device(type='cpu')";
  }
  /** `console.log(device("cpu"))` prints what Python's `print` prints: `cpu`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** What a `device` argument may be: "cpu" (or "cpu:0") or a {@link Device}. */
export type DeviceLike = Device | "cpu" | "cpu:0";

const CPU = new Device();

/** PyTorch's device types: a string like these is a device, not a misspelt dtype. */
const DEVICE_NAME =
  /^(cpu|cuda|mps|xpu|xla|meta|hip|ipu|hpu|ve|lazy|vulkan|mkldnn|opengl|opencl|ideep|fpga|ort|privateuseone)(:\d+)?$/;

/**
 * Whether `value` names a device (supported or not) rather than, say, a dtype.
 *
 * @example
 * isDeviceArg("cuda:0"); // true
 * isDeviceArg("float32"); // false
 */
export function isDeviceArg(value: unknown): boolean {
  return value instanceof Device || (typeof value === "string" && DEVICE_NAME.test(value));
}

/**
 * The device `value` names, checked: "cpu", "cpu:0" and a {@link Device} are the CPU; anything
 * else throws an Error naming `op` and saying that tsgrad runs on the CPU.
 *
 * @example
 * String(checkDevice("to", "cpu")); // "cpu"
 */
export function checkDevice(op: string, value: unknown): Device {
  if (value instanceof Device || value === "cpu" || value === "cpu:0") return CPU;
  const shown = typeof value === "string" ? `'${value}'` : String(value);
  throw new Error(
    `${op}(): tsgrad runs on the CPU only, so device ${shown} is not available; use "cpu" (or leave the device out)`,
  );
}

/**
 * `torch.device("cpu")`: the CPU device, for code that passes devices around. Any other device is
 * an error (tsgrad runs on the CPU).
 *
 * @example
 * const dev = device("cpu");
 * const model = new Linear(3, 2).to(dev);
 * const x = zeros([2, 3], { device: dev });
 * String(dev) // "cpu"
 */
export function device(type: DeviceLike): Device {
  return checkDevice("device", type);
}

/** The `device` creation option: accepted when it is the CPU (`checkOptions`' message otherwise). */
export const DEVICE_OPTION: OptionTest = {
  test: (v) => v instanceof Device || v === "cpu" || v === "cpu:0",
  expected: `"cpu" or device("cpu") (tsgrad runs on the CPU only)`,
};
