/**
 * State dicts as safetensors bytes (https://github.com/huggingface/safetensors), the format
 * PyTorch users already share weights in. Works on bytes only — no Node import — so it runs in a
 * browser; `node-io.ts` adds file helpers for Node.
 *
 * Layout: an 8-byte little-endian header length N, N bytes of JSON
 * `{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {...}}`
 * (padded with spaces), then the raw little-endian tensor data; offsets are relative to the end
 * of the header.
 */
import { checkOptions, type DType, type OptionsSpec, Tensor } from "@tsgrad/core";
import type { StateDict, StateDictLike } from "./module.js";

/** safetensors dtype name and element size for each tsgrad dtype (what we write). */
const WRITE_DTYPES: Record<DType, { name: string; size: number }> = {
  float64: { name: "F64", size: 8 },
  float32: { name: "F32", size: 4 },
  int32: { name: "I32", size: 4 },
  bool: { name: "BOOL", size: 1 },
};

/**
 * The int32 tensors written as I64: PyTorch's buffers of dtype int64, which must load as int64
 * (a PyTorch module's `load_state_dict` would copy I32 into them, but other readers would not).
 * In torch.nn that is `num_batches_tracked` (the batch and instance norms), under any prefix.
 *
 * @example
 * isInt64Buffer("features.1.num_batches_tracked"); // true
 * const sd = new BatchNorm1d(3).stateDict();
 * saveSafetensors(sd, null, { int64: (name) => isInt64Buffer(name) || name === "step" });
 */
export function isInt64Buffer(name: string): boolean {
  return name === "num_batches_tracked" || name.endsWith(".num_batches_tracked");
}

/** `saveSafetensors`' options. */
export interface SaveSafetensorsOptions {
  /**
   * Which int32 tensors to write as I64, by name (default {@link isInt64Buffer}: the
   * `num_batches_tracked` buffers). Other int32 tensors are written as I32.
   */
  int64?: (name: string) => boolean;
}

const SAVE_OPTIONS: OptionsSpec<SaveSafetensorsOptions> = { int64: "function" };

/**
 * What we read: the dtypes we write, plus I64 (PyTorch's default integer; converted to int32 with
 * a range check) and F16/BF16 (widened to float32).
 */
const READ_DTYPES: Record<string, { dtype: DType; size: number }> = {
  F64: { dtype: "float64", size: 8 },
  F32: { dtype: "float32", size: 4 },
  F16: { dtype: "float32", size: 2 },
  BF16: { dtype: "float32", size: 2 },
  I64: { dtype: "int32", size: 8 },
  I32: { dtype: "int32", size: 4 },
  BOOL: { dtype: "bool", size: 1 },
};

/** The safetensors reference implementation's cap on the JSON header (100 MB). */
const MAX_HEADER = 100_000_000;

/** With the u flag a surrogate pair is one code point, so this matches only unpaired halves. */
const UNPAIRED_SURROGATE = /[\uD800-\uDFFF]/u;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function entriesOf(sd: StateDictLike): [string, Tensor][] {
  if (sd === null || typeof sd !== "object") {
    throw new TypeError(
      `saveSafetensors(): expected a state dict (Map or object of tensors), got ${typeof sd}`,
    );
  }
  return sd instanceof Map ? [...sd.entries()] : Object.entries(sd as Record<string, Tensor>);
}

/**
 * Serialises a state dict to safetensors bytes (`safetensors.torch.save`).
 *
 * @param stateDict e.g. `model.stateDict()` (a `Map`) or a plain object of tensors
 * @param metadata optional string-to-string map stored as `__metadata__`
 * @param options `int64`: which int32 tensors go out as I64 (default: `num_batches_tracked`
 *   buffers, int64 in PyTorch; tsgrad keeps them as int32 and reads I64 back with a range check)
 * @returns the file's bytes
 *
 * @example
 * const model = new Linear(3, 2);
 * const bytes = saveSafetensors(model.stateDict(), { format: "pt" });
 * model.loadStateDict(loadSafetensors(bytes));
 */
export function saveSafetensors(
  stateDict: StateDictLike,
  metadata?: Record<string, string> | null,
  options: SaveSafetensorsOptions = {},
): Uint8Array {
  const int64 = checkOptions("saveSafetensors", options, SAVE_OPTIONS, 3).int64 ?? isInt64Buffer;
  const entries = entriesOf(stateDict);
  // No prototype: a tensor named "__proto__" must become a key, not replace the prototype (and vanish).
  const header: Record<string, unknown> = Object.create(null);
  if (metadata !== undefined && metadata !== null) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") {
        throw new TypeError(`saveSafetensors(): metadata values must be strings, but "${k}" is ${typeof v}`);
      }
      if (UNPAIRED_SURROGATE.test(k) || UNPAIRED_SURROGATE.test(v)) {
        throw new Error(
          `saveSafetensors(): metadata ${JSON.stringify(k)} has an unpaired surrogate (in its key or value), which UTF-8 cannot hold`,
        );
      }
    }
    header.__metadata__ = { ...metadata };
  }
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor)) {
      throw new TypeError(`saveSafetensors(): value for "${name}" is not a Tensor`);
    }
    if (name === "__metadata__")
      throw new Error('saveSafetensors(): "__metadata__" is reserved and cannot name a tensor');
    // TextEncoder would write U+FFFD instead, and the tensor would load under another name.
    if (UNPAIRED_SURROGATE.test(name)) {
      throw new Error(
        `saveSafetensors(): the name ${JSON.stringify(name)} has an unpaired surrogate, which UTF-8 cannot hold`,
      );
    }
  }
  // Larger elements first (stable), as the reference writer does: every tensor then starts at a
  // multiple of its element size, so readers can map the data without copying.
  const written = entries.map(([name, t]) =>
    t.dtype === "int32" && int64(name) ? { name: "I64", size: 8 } : WRITE_DTYPES[t.dtype],
  );
  const order = entries
    .map((e, i) => ({ e, i, w: written[i]! }))
    .sort((a, b) => b.w.size - a.w.size || a.i - b.i);
  let offset = 0;
  for (const {
    e: [name, t],
    w: { name: dt, size },
  } of order) {
    const nbytes = t.numel() * size;
    header[name] = { dtype: dt, shape: t._shape.slice(), data_offsets: [offset, offset + nbytes] };
    offset += nbytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces so the data starts 8-byte aligned (the reference writer does too).
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, Math.floor(json.length / 2 ** 32), true);
  out.set(json, 8);
  let pos = 8 + json.length;
  for (const {
    e: [, t],
    w,
  } of order) {
    const data = t.toTypedArray();
    if (w.name === "I64") {
      // int32 widened to int64: the low word, then the sign extension.
      for (let i = 0; i < data.length; i++) {
        view.setInt32(pos + 8 * i, data[i]!, true);
        view.setInt32(pos + 8 * i + 4, data[i]! < 0 ? -1 : 0, true);
      }
      pos += 8 * data.length;
      continue;
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) out.set(bytes, pos);
    else writeSwapped(view, pos, data);
    pos += data.byteLength;
  }
  return out;
}

function writeSwapped(
  view: DataView,
  pos: number,
  data: ArrayLike<number> & { BYTES_PER_ELEMENT: number },
): void {
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float64Array) view.setFloat64(pos + 8 * i, data[i]!, true);
    else if (data instanceof Float32Array) view.setFloat32(pos + 4 * i, data[i]!, true);
    else view.setInt32(pos + 4 * i, data[i]!, true);
  }
}

/** A parsed safetensors file: the tensors in header order, and `__metadata__` if present. */
export interface SafetensorsContents {
  /** The tensors by name, in the order their data appears in the file. */
  tensors: StateDict;
  /** The file's `__metadata__` strings (null when it has none). */
  metadata: Record<string, string> | null;
}

function fail(msg: string): never {
  throw new Error(`loadSafetensors(): ${msg}`);
}

/**
 * A header value for an error message: JSON, cut short. The file is untrusted, so the value may
 * be huge or nested deeper than JSON.stringify can recurse (a RangeError must not escape).
 */
function show(v: unknown, limit = 120): string {
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = Array.isArray(v) ? "a deeply nested array" : typeof v;
  }
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** `[2, 3]`, or the first 8 dims and the count for a very long shape. */
function shapeText(shape: number[]): string {
  return shape.length <= 8
    ? `[${shape.join(", ")}]`
    : `[${shape.slice(0, 8).join(", ")}, … (${shape.length} dims)]`;
}

/** A tensor name for an error message: quoted, escaped, and cut short if very long. */
function q(name: string): string {
  return show(name, 120);
}

/**
 * The top-level keys of the JSON object `text`, in order, failing on the first repeated one:
 * JSON.parse silently keeps the last of two equal keys, which would hide a tensor. `text` has
 * already parsed, so it is valid JSON and a scan of strings and brackets is enough.
 */
function checkUniqueKeys(text: string): void {
  const seen = new Set<string>();
  let depth = 0;
  let atKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      if (depth === 1 && atKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (seen.has(key)) fail(`duplicate name ${q(key)} in the header`);
        seen.add(key);
        atKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      atKey = depth === 1;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2c /* , */ && depth === 1) {
      atKey = true;
    }
  }
}

/**
 * Parses safetensors bytes into a state dict (`safetensors.torch.load`). Tensors come back in
 * the order their data appears in the file. Malformed files raise a clear error before any large
 * allocation: header past the end, invalid UTF-8 or JSON, duplicate names, bad or overlapping
 * offsets, unknown dtypes, shapes that disagree with the byte count.
 *
 * @example
 * const bytes = saveSafetensors(new Linear(3, 2).stateDict());
 * const model = new Linear(3, 2);
 * model.loadStateDict(loadSafetensors(bytes));
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): StateDict {
  return readSafetensors(bytes).tensors;
}

/**
 * Like `loadSafetensors`, also returning the `__metadata__` map (or null).
 *
 * @example
 * const { tensors, metadata } = readSafetensors(saveSafetensors(new Linear(3, 2).stateDict()));
 * [...tensors.keys()]; // ["weight", "bias"]
 */
export function readSafetensors(bytes: Uint8Array | ArrayBuffer): SafetensorsContents {
  const buf = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(buf instanceof Uint8Array)) fail(`expected a Uint8Array or ArrayBuffer, got ${typeof bytes}`);
  if (buf.length < 8) fail(`file is ${buf.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (n > buf.length - 8) {
    fail(
      `header length ${n} runs past the end of the file (${buf.length} bytes, so at most ${buf.length - 8})`,
    );
  }
  if (n > MAX_HEADER) fail(`header length ${n} exceeds the limit of ${MAX_HEADER} bytes`);

  // The format requires the header to start with "{" (the reference reader checks it too). This
  // also rejects a UTF-8 byte order mark, which TextDecoder would otherwise silently drop.
  if (n === 0 || buf[8] !== 0x7b) {
    fail(
      n === 0
        ? "header length is 0; the header must be a JSON object"
        : `header must be a JSON object starting with "{", but its first byte is 0x${buf[8]!.toString(16).padStart(2, "0")}`,
    );
  }
  let header: unknown;
  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(8, 8 + n));
  } catch {
    fail(`header is not valid UTF-8 JSON (bytes 8..${8 + n} are not UTF-8)`);
  }
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${show((e as Error).message, 200)})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    fail("header must be a JSON object");
  }
  checkUniqueKeys(text);

  const dataStart = 8 + n;
  const dataLen = buf.length - dataStart;
  let metadata: Record<string, string> | null = null;
  const specs: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (info === null || typeof info !== "object" || Array.isArray(info))
        fail('"__metadata__" must be an object');
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== "string") fail(`"__metadata__" value for ${q(k)} must be a string`);
      }
      metadata = { ...(info as Record<string, string>) };
      continue;
    }
    specs.push(parseSpec(name, info, dataLen));
  }

  // Every byte of the data section belongs to exactly one tensor: no overlaps, no holes.
  const sorted = specs.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const s of sorted) {
    if (s.begin < expected) {
      const prev = sorted[sorted.indexOf(s) - 1]!;
      fail(
        `data_offsets of ${q(s.name)} [${s.begin}, ${s.end}] overlap those of ${q(prev.name)} [${prev.begin}, ${prev.end}]`,
      );
    }
    if (s.begin > expected)
      fail(`data bytes ${expected}..${s.begin} belong to no tensor (before ${q(s.name)})`);
    expected = s.end;
  }
  if (expected !== dataLen) {
    fail(`data section is ${dataLen} bytes but the tensors cover only ${expected}`);
  }

  const tensors: StateDict = new Map();
  for (const s of sorted) {
    tensors.set(s.name, decode(s, buf.subarray(dataStart + s.begin, dataStart + s.end)));
  }
  return { tensors, metadata };
}

function parseSpec(
  name: string,
  info: unknown,
  dataLen: number,
): { name: string; dtype: string; shape: number[]; begin: number; end: number } {
  if (info === null || typeof info !== "object" || Array.isArray(info)) {
    fail(`entry ${q(name)} must be an object with dtype, shape and data_offsets`);
  }
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== "string") fail(`entry ${q(name)} has no dtype string`);
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const spec = Object.hasOwn(READ_DTYPES, dtype) ? READ_DTYPES[dtype] : undefined;
  if (spec === undefined) {
    fail(
      `unknown dtype ${show(dtype, 40)} for ${q(name)} (supported: ${Object.keys(READ_DTYPES).join(", ")})`,
    );
  }
  const isIndex = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  if (!Array.isArray(shape) || !shape.every(isIndex)) {
    fail(`shape of ${q(name)} must be an array of non-negative integers, got ${show(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex) || offsets[0] > offsets[1]) {
    fail(`data_offsets of ${q(name)} must be [begin, end] with 0 <= begin <= end, got ${show(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLen) {
    fail(
      `data_offsets of ${q(name)} [${begin}, ${end}] are out of range: the data section is ${dataLen} bytes`,
    );
  }
  // An absurd shape fails here, before anything is allocated. The nonzero dims must multiply to
  // at most 2^53 even when a 0 empties the tensor: past that, element counts and strides lose
  // exactness (or become Infinity, and Infinity·0 = NaN).
  let big = 1;
  for (const d of shape) if (d !== 0) big *= d;
  const numel = shape.includes(0) ? 0 : big;
  const nbytes = end - begin;
  const needed = numel * spec.size;
  const where = `shape ${shapeText(shape)} of ${q(name)}`;
  if (big > Number.MAX_SAFE_INTEGER && numel === 0) {
    fail(`${where} has dims whose product passes 2^53, although it holds no elements`);
  }
  if (needed !== nbytes) {
    fail(
      `${where} with dtype ${dtype} needs ${needed} bytes${big > Number.MAX_SAFE_INTEGER ? " (more than 2^53 elements)" : ""}, ` +
        `but data_offsets [${begin}, ${end}] hold ${nbytes}`,
    );
  }
  return { name, dtype, shape: shape.slice(), begin, end };
}

function decode(s: { name: string; dtype: string; shape: number[] }, raw: Uint8Array): Tensor {
  const spec = READ_DTYPES[s.dtype]!;
  const out = Tensor.alloc(s.shape, spec.dtype);
  const data = out.storage.data;
  const n = data.length;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (s.dtype) {
    case "F16":
      for (let i = 0; i < n; i++) data[i] = halfToFloat(view.getUint16(2 * i, true));
      break;
    case "BF16": {
      // bfloat16 is the top half of a float32.
      const bits = new Uint32Array(data.buffer, data.byteOffset, n);
      for (let i = 0; i < n; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      break;
    }
    case "I64":
      for (let i = 0; i < n; i++) {
        const v = view.getBigInt64(8 * i, true);
        if (v > 2147483647n || v < -2147483648n) {
          fail(
            `${q(s.name)} (I64) holds ${v} at element ${i}, outside the int32 range tsgrad uses for integers`,
          );
        }
        data[i] = Number(v);
      }
      break;
    case "BOOL":
      for (let i = 0; i < n; i++) {
        const b = raw[i]!;
        if (b > 1) fail(`${q(s.name)} (BOOL) holds byte ${b} at element ${i}; booleans must be 0 or 1`);
        data[i] = b;
      }
      break;
    default: // F64, F32 and I32, stored as tsgrad holds them
      readNative(data as Float64Array | Float32Array | Int32Array, raw, view);
  }
  return out;
}

/**
 * F64, F32 or I32 data into `data`, which has its element type: a copy of the bytes on a
 * little-endian host (as `saveSafetensors` writes them), else each value read little-endian.
 */
function readNative(data: Float64Array | Float32Array | Int32Array, raw: Uint8Array, view: DataView): void {
  if (LITTLE_ENDIAN) {
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(raw);
    return;
  }
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float64Array) data[i] = view.getFloat64(8 * i, true);
    else if (data instanceof Float32Array) data[i] = view.getFloat32(4 * i, true);
    else data[i] = view.getInt32(4 * i, true);
  }
}

/** IEEE 754 half precision bits to a number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}
