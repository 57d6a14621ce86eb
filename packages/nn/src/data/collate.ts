/**
 * PyTorch's `default_collate`: how the DataLoader turns a list of samples into one batch.
 */
import { stack, Tensor, tensor } from "@tsgrad/core";

/**
 * Merges a list of samples into a batch (`torch.utils.data.default_collate`), recursively on the
 * structure of the first sample:
 *
 * - tensors → `stack(samples)` (a new first dim);
 * - numbers → a 1-D tensor: int32 when every one is an integer (PyTorch's int → int64), float64
 *   otherwise (PyTorch's float → float64); booleans → a bool tensor;
 * - typed arrays (PyTorch's numpy arrays) → a tensor each, stacked;
 * - strings → the array of them, as is;
 * - arrays (PyTorch's tuples and lists) → an array of the collated columns (all samples must have
 *   the same length);
 * - plain objects (PyTorch's dicts) → an object of the collated values of each key.
 *
 * A JS number does not say whether it was written `1` or `1.0`: a column of integral floats
 * becomes int32 here where Python's `1.0`s would give float64 (pass tensors, or a `collateFn`,
 * to choose).
 *
 * @example defaultCollate([{ x: tensor([1, 2]), y: 0 }, { x: tensor([3, 4]), y: 1 }])
 * // { x: tensor([[1, 2], [3, 4]]), y: tensor([0, 1]) }
 */
export function defaultCollate(batch: readonly unknown[]): any {
  if (!Array.isArray(batch) || batch.length === 0) {
    throw new Error("default_collate(): expected a non-empty array of samples");
  }
  const elem = batch[0];
  if (elem instanceof Tensor) {
    if (!batch.every((b) => b instanceof Tensor)) throw mixed(batch);
    return stack(batch as Tensor[], 0);
  }
  if (typeof elem === "number") {
    if (!batch.every((b) => typeof b === "number")) throw mixed(batch);
    const nums = batch as number[];
    return tensor(nums, { dtype: nums.every((v) => Number.isInteger(v)) ? "int32" : "float64" });
  }
  if (typeof elem === "boolean") {
    if (!batch.every((b) => typeof b === "boolean")) throw mixed(batch);
    return tensor(batch as boolean[], { dtype: "bool" });
  }
  if (typeof elem === "string") return batch.slice();
  if (ArrayBuffer.isView(elem)) {
    return stack(
      batch.map((b) => tensor(b as Float32Array)),
      0,
    );
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    if (!batch.every((b) => Array.isArray(b) && b.length === size)) {
      throw new Error("default_collate(): each element in list of batch should be of equal size");
    }
    const out: unknown[] = [];
    for (let k = 0; k < size; k++) out.push(defaultCollate(batch.map((b) => (b as unknown[])[k])));
    return out;
  }
  if (elem !== null && typeof elem === "object" && Object.getPrototypeOf(elem) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) {
      out[key] = defaultCollate(batch.map((b) => (b as Record<string, unknown>)[key]));
    }
    return out;
  }
  throw new TypeError(
    `default_collate(): batch must contain tensors, typed arrays, numbers, booleans, strings, objects or arrays; found ${describe(elem)}`,
  );
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return "object";
  if (typeof v === "object") return "a class instance (not a plain object)";
  return typeof v;
}

function mixed(batch: readonly unknown[]): Error {
  const kinds = [...new Set(batch.map((b) => (b instanceof Tensor ? "Tensor" : describe(b))))];
  return new TypeError(`default_collate(): the samples of a batch mix kinds (${kinds.join(", ")})`);
}
