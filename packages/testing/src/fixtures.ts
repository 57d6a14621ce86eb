/**
 * Reading the JSON fixtures written by tools/fixtures/*.py (see fixture_common.py for the
 * conventions): values are flat row-major lists, and nan/inf/-inf, which JSON cannot hold, are
 * the strings "nan", "inf", "-inf".
 */
import { readFileSync } from "node:fs";
import { type DType, Tensor, type TypedArray } from "../../core/src/index.js";

/** A fixture value: numbers, booleans, and the strings "nan", "inf", "-inf" JSON cannot hold. */
export type FixtureValue = number | boolean | string;

/** Decodes one fixture value to a JS number (booleans to 1/0). */
export function decode(v: FixtureValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === "nan") return Number.NaN;
  if (v === "inf") return Number.POSITIVE_INFINITY;
  if (v === "-inf") return Number.NEGATIVE_INFINITY;
  throw new Error(`decode(): unknown fixture value ${JSON.stringify(v)}`);
}

/** A tensor as the fixtures write it: row-major values, shape and tsgrad dtype. */
export interface FixtureTensor {
  values: FixtureValue[];
  shape: number[];
  dtype: DType;
  requires_grad?: boolean;
}

const ARRAYS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array };

/**
 * A new contiguous leaf tensor from a fixture tensor, requiring grad if `requiresGrad` says so
 * (default: the fixture's own `requires_grad` flag).
 */
export function fromFixture(obj: FixtureTensor, requiresGrad = obj.requires_grad ?? false): Tensor {
  const data: TypedArray = ARRAYS[obj.dtype].from(obj.values.map(decode));
  const t = Tensor.fromArray(data, obj.shape, obj.dtype);
  if (requiresGrad) t.requiresGrad_(true);
  return t;
}

/** The parsed JSON at `url`. */
export function readJson<T = any>(url: URL): T {
  return JSON.parse(readFileSync(url, "utf8")) as T;
}

/** The raw bytes at `url` (binary fixtures such as .safetensors files). */
export function readBytes(url: URL): Uint8Array {
  return new Uint8Array(readFileSync(url));
}

/**
 * A loader of `<dir>/<name>.json`: `fixtureLoader(new URL("./fixtures/", import.meta.url))("core_ops")`.
 */
export function fixtureLoader(dir: URL): <T = any>(name: string) => T {
  return <T>(name: string) => readJson<T>(new URL(`${name}.json`, dir));
}

/**
 * A lookup of the PyTorch error messages a fixture recorded (`[{name, message}]`); asking for a
 * name the fixture lacks throws, so a renamed case cannot turn into `toThrow(undefined)`.
 */
export function fixtureErrors(
  errors: readonly { name: string; message: string }[],
): (name: string) => string {
  const byName = new Map(errors.map((e) => [e.name, e.message]));
  return (name) => {
    const m = byName.get(name);
    if (m === undefined) throw new Error(`no fixture error named ${JSON.stringify(name)}`);
    return m;
  };
}
