/**
 * The safetensors reader under attack. A file is untrusted input: whatever its bytes, the reader
 * must either return a correct result or throw a plain `Error` whose message starts with
 * "loadSafetensors(): " and names the problem — never a TypeError/RangeError/SyntaxError escaping
 * from a typed array, a DataView or JSON — in bounded time and without allocating more than the
 * file can hold.
 *
 * Inputs: arbitrary bytes; bytes behind a plausible length prefix; random JSON headers; and
 * mutations of valid files written by `saveSafetensors` (truncation at every length class, bad
 * header lengths, overlapping and out-of-range offsets, huge / negative / fractional shapes,
 * non-UTF-8 headers, header fields of the wrong type, duplicate names, random byte flips).
 */
import { type DType, Tensor } from "@tsgrad/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readSafetensors, type SafetensorsContents, saveSafetensors } from "./safetensors.js";

/** Runs per property; a few hundred in all keeps the file well under its 15 s budget. */
const RUNS = 150;
/**
 * A hang guard, not a speed check: one read of a file of a few kB takes well under a millisecond,
 * so only a read that loops over a forged size (or allocates it) comes near this, even on a
 * machine loaded many times over.
 */
const MAX_MS = 5000;

const PREFIX = "loadSafetensors(): ";

/**
 * Reads `bytes`. Returns the contents, or the Error thrown after checking that it is a plain
 * Error with our prefix and a short message. Fails the property on any other exception, on a
 * slow read, or on a result that is inconsistent with the input.
 */
function attempt(bytes: Uint8Array): SafetensorsContents | Error {
  const t0 = performance.now();
  let out: SafetensorsContents | Error;
  try {
    out = readSafetensors(bytes);
  } catch (e) {
    if (!(e instanceof Error) || e.constructor !== Error) {
      const what = e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
      throw new Error(`readSafetensors let a non-Error exception escape: ${what}`);
    }
    out = e;
  }
  const ms = performance.now() - t0;
  expect(ms, "read time (ms)").toBeLessThan(MAX_MS);
  if (out instanceof Error) {
    expect(out.message.startsWith(PREFIX), out.message).toBe(true);
    expect(out.message.length, out.message).toBeGreaterThan(PREFIX.length + 10);
    expect(out.message.length, "message length").toBeLessThan(800);
  } else {
    checkConsistent(bytes, out);
  }
  return out;
}

/** A successful read: well-formed tensors that fit in the bytes they came from. */
function checkConsistent(bytes: Uint8Array, c: SafetensorsContents): void {
  let elements = 0;
  for (const [name, t] of c.tensors) {
    expect(t, name).toBeInstanceOf(Tensor);
    expect(["float32", "float64", "int32", "bool"]).toContain(t.dtype);
    const n = t.shape.reduce((a, d) => a * d, 1);
    expect(t.numel(), name).toBe(n);
    expect(t.toTypedArray().length, name).toBe(n);
    if (t.dtype === "bool") for (const v of t.toTypedArray()) expect(v === 0 || v === 1, name).toBe(true);
    elements += n;
  }
  // Every element takes at least one byte of the file: a read never inflates past the input.
  expect(elements).toBeLessThanOrEqual(bytes.length);
  if (c.metadata !== null) for (const v of Object.values(c.metadata)) expect(typeof v).toBe("string");
}

/** Reads `bytes`, which must fail; returns the message without the prefix. */
function failure(bytes: Uint8Array): string {
  const out = attempt(bytes);
  if (!(out instanceof Error)) {
    throw new Error(`expected an error, got tensors ${[...out.tensors.keys()].join(", ")}`);
  }
  return out.message.slice(PREFIX.length);
}

// ---- valid files -------------------------------------------------------------------------------

type Kind = "float32" | "float64" | "int32" | "bool";

const kindArb = fc.constantFrom<Kind>("float32", "float64", "int32", "bool");
const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });

function valuesArb(kind: Kind, n: number): fc.Arbitrary<number[]> {
  const len = { minLength: n, maxLength: n };
  switch (kind) {
    case "float32":
      return fc.array(fc.float(), len); // NaN, ±Infinity, -0 and subnormals included
    case "float64":
      return fc.array(fc.double(), len);
    case "int32":
      return fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), len);
    default:
      return fc.array(fc.boolean(), len).map((b) => b.map(Number));
  }
}

function makeTensor(kind: Kind, shape: number[], values: number[]): Tensor {
  const data =
    kind === "float32"
      ? Float32Array.from(values)
      : kind === "float64"
        ? Float64Array.from(values)
        : kind === "int32"
          ? Int32Array.from(values)
          : Uint8Array.from(values);
  return Tensor.fromArray(data, shape, kind as DType);
}

const tensorArb: fc.Arbitrary<Tensor> = fc.tuple(kindArb, shapeArb).chain(([kind, shape]) =>
  valuesArb(
    kind,
    shape.reduce((a, d) => a * d, 1),
  ).map((v) => makeTensor(kind, shape, v)),
);

/** Tensor names: PyTorch-like, tricky (quotes, backslashes, prototype keys, "") and any Unicode. */
const nameArb = fc
  .oneof(
    fc.constantFrom(
      "0.weight",
      "0.bias",
      "layer.1.running_mean",
      "__proto__",
      "constructor",
      "",
      'a"b\\c',
      "ünï 名前",
    ),
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.string({ unit: "binary", maxLength: 6 }),
  )
  .filter((n) => n !== "__metadata__");

const stateDictArb = fc.uniqueArray(fc.tuple(nameArb, tensorArb), {
  selector: ([n]) => n,
  maxLength: 5,
});
const metadataArb = fc.option(
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 10 }), {
    maxKeys: 3,
    noNullPrototype: true,
  }),
  { nil: null },
);

interface ValidFile {
  entries: [string, Tensor][];
  metadata: Record<string, string> | null;
  bytes: Uint8Array;
  /** The header length N from the prefix; the data starts at 8 + N. */
  n: number;
  header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
}

function parseValid(entries: [string, Tensor][], metadata: Record<string, string> | null): ValidFile {
  const bytes = saveSafetensors(new Map(entries), metadata);
  const n = new DataView(bytes.buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  return { entries, metadata, bytes, n, header };
}

const fileArb: fc.Arbitrary<ValidFile> = fc
  .tuple(stateDictArb, metadataArb)
  .map(([entries, metadata]) => parseValid(entries, metadata));

/** Same bytes in Object.is terms (NaN equals NaN, -0 differs from 0). */
function expectSameTensor(got: Tensor | undefined, want: Tensor, name: string): void {
  expect(got, name).toBeDefined();
  expect(got!.dtype, name).toBe(want.dtype);
  expect(got!.shape, name).toEqual(want.shape);
  const a = Array.from(got!.toTypedArray());
  const b = Array.from(want.toTypedArray());
  expect(a.length, name).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) expect.fail(`${name}[${i}]: got ${a[i]}, want ${b[i]}`);
  }
}

/** Bytes for a header given as text, padded like the writer pads, then `data`. */
function withHeader(text: string, data: Uint8Array): Uint8Array {
  let h = new TextEncoder().encode(text);
  const padded = Math.ceil(h.length / 8) * 8;
  if (padded !== h.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(h);
    h = p;
  }
  return withHeaderBytes(h, data);
}

function withHeaderBytes(h: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

const dataOf = (f: ValidFile) => f.bytes.subarray(8 + f.n);
const tensorNames = (f: ValidFile) => Object.keys(f.header).filter((k) => k !== "__metadata__");

describe("safetensors reader: valid files round-trip exactly", () => {
  it("save → read gives identical tensors and metadata, and re-saving gives identical bytes", () => {
    fc.assert(
      fc.property(fileArb, (f) => {
        const out = attempt(f.bytes);
        if (out instanceof Error) throw out;
        expect(out.tensors.size).toBe(f.entries.length);
        for (const [name, t] of f.entries) expectSameTensor(out.tensors.get(name), t, JSON.stringify(name));
        expect(out.metadata).toEqual(f.metadata);
        expect(saveSafetensors(out.tensors, out.metadata)).toEqual(f.bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it("saveSafetensors refuses names and metadata that are not well-formed Unicode (they would come back changed)", () => {
    const t = Tensor.fromArray(new Float32Array(1), [1], "float32");
    expect(() => saveSafetensors({ "w\uD800": t })).toThrow(
      'saveSafetensors(): the name "w\\ud800" has an unpaired surrogate',
    );
    expect(() => saveSafetensors({ w: t }, { note: "\uDC00" })).toThrow(
      'saveSafetensors(): metadata "note" has an unpaired surrogate',
    );
  });
});

describe("safetensors reader: arbitrary bytes", () => {
  it("arbitrary bytes: a clear Error or a consistent result", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (b) => {
        attempt(b);
      }),
      { numRuns: RUNS },
    );
  });

  it("arbitrary bytes behind a plausible header length (often starting with '{')", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 160 }),
        fc.nat(),
        fc.boolean(),
        fc.nat({ max: 3 }),
        (body, k, brace, hi) => {
          const b = new Uint8Array(8 + body.length);
          b.set(body, 8);
          if (brace && body.length > 0) b[8] = 0x7b;
          const view = new DataView(b.buffer);
          view.setUint32(0, body.length === 0 ? k % 16 : k % (body.length + 4), true);
          view.setUint32(4, hi === 3 ? 0xffffffff : 0, true);
          attempt(b);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("random JSON headers with random data: a clear Error or a consistent result", () => {
    const small = fc.nat({ max: 24 });
    const maybe = <T>(a: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: fc.jsonValue() });
    const entryArb = fc.record(
      {
        dtype: maybe(
          fc.constantFrom("F64", "F32", "F16", "BF16", "I64", "I32", "BOOL", "U8", "f32", "constructor"),
        ),
        shape: maybe(fc.array(fc.oneof(small, fc.integer({ min: -2, max: 2 ** 33 })), { maxLength: 3 })),
        data_offsets: maybe(fc.tuple(small, small)),
      },
      { requiredKeys: [] },
    );
    const headerArb = fc.oneof(
      { weight: 6, arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), entryArb, { maxKeys: 4 }) },
      { weight: 1, arbitrary: fc.jsonValue() },
    );
    fc.assert(
      fc.property(headerArb, fc.uint8Array({ maxLength: 48 }), (header, data) => {
        attempt(withHeader(JSON.stringify(header) ?? "null", data));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("safetensors reader: mutations of valid files", () => {
  it("truncation at every length of three files, with the message for each length class", () => {
    const t = (kind: Kind, shape: number[], v: number[]) => makeTensor(kind, shape, v);
    const files = [
      parseValid([], null),
      parseValid([["w", t("float32", [2], [1, -2])]], { format: "pt" }),
      parseValid(
        [
          ["a", t("float64", [1], [Math.PI])],
          ["b", t("int32", [2], [-1, 7])],
          ["m", t("bool", [3], [1, 0, 1])],
          ["e", t("float32", [0, 2], [])],
        ],
        null,
      ),
    ];
    let cuts = 0;
    for (const f of files) {
      for (let k = 0; k < f.bytes.length; k++) {
        const msg = failure(f.bytes.slice(0, k));
        if (k < 8) expect(msg).toBe(`file is ${k} bytes, too short for the 8-byte header length`);
        else if (k < 8 + f.n)
          expect(msg).toMatch(`header length ${f.n} runs past the end of the file (${k} bytes`);
        else
          expect(msg).toMatch(
            /^data_offsets of "[abemw]" \[\d+, \d+\] are out of range: the data section is \d+ bytes$/,
          );
        cuts++;
      }
      expect(attempt(f.bytes)).not.toBeInstanceOf(Error);
    }
    expect(cuts).toBeGreaterThan(200);
  });

  it("truncation of random files: one cut in each length class", () => {
    fc.assert(
      fc.property(fileArb, fc.nat(), (f, r) => {
        const L = f.bytes.length;
        expect(failure(f.bytes.slice(0, r % 8))).toMatch(/too short for the 8-byte header length/);
        expect(failure(f.bytes.slice(0, 8 + (r % f.n)))).toMatch(/runs past the end of the file/);
        if (L > 8 + f.n) {
          const k = 8 + f.n + (r % (L - 8 - f.n));
          expect(failure(f.bytes.slice(0, k))).toMatch(/are out of range: the data section is/);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("a wrong header length (any 64-bit value, or one bit flipped) is always an error", () => {
    const lengthArb = fc.oneof(
      fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })),
      fc
        .nat({ max: 63 })
        .map((bit) => [-1, bit] as [number, number]), // flip one bit
      fc
        .integer({ min: -16, max: 16 })
        .map((d) => [-2, d] as [number, number]), // off by a little
    );
    fc.assert(
      fc.property(fileArb, lengthArb, (f, [a, b]) => {
        const bytes = f.bytes.slice();
        const view = new DataView(bytes.buffer);
        if (a === -1) bytes[b >> 3] = bytes[b >> 3]! ^ (1 << (b & 7));
        else if (a === -2) view.setUint32(0, Math.max(0, f.n + b), true);
        else {
          view.setUint32(0, a, true);
          view.setUint32(4, b, true);
        }
        const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
        if (n === f.n) return;
        const msg = failure(bytes);
        if (n > bytes.length - 8) expect(msg).toMatch(`header length ${n} runs past the end of the file`);
        else if (n === 0) expect(msg).toMatch("header length is 0");
      }),
      { numRuns: RUNS },
    );
  });

  /**
   * Header mutations: each takes a parsed valid header (at least one tensor) and returns the new
   * header text, or null where it does not apply to this file, and the message it must produce.
   */
  type Entry = { dtype: string; shape: unknown; data_offsets: unknown };
  type Mutation = (
    h: Record<string, Entry>,
    name: string,
    dataLen: number,
  ) => [string, RegExp | string] | null;
  const q = (s: string) => JSON.stringify(s);
  /** A placeholder replaced by raw JSON text that JSON.stringify cannot write (too long for a name). */
  const HOLE = "<raw JSON goes here: 8c1f0d>";
  const set = (h: Record<string, Entry>, name: string, patch: Partial<Record<keyof Entry, unknown>>) => {
    const e: Record<string, unknown> = { ...h[name]! };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete e[k];
      else e[k] = v;
    }
    return JSON.stringify({ ...h, [name]: e });
  };
  const numelOf = (e: Entry) => (e.shape as number[]).reduce((a, d) => a * d, 1);
  const notShape = (name: string) => `shape of ${q(name)} must be an array of non-negative integers, got `;
  const notOffsets = (name: string) =>
    `data_offsets of ${q(name)} must be [begin, end] with 0 <= begin <= end, got `;
  const SIZE: Record<string, number> = { F64: 8, F32: 4, I32: 4, BOOL: 1 };

  const mutations: Record<string, Mutation> = {
    "shape is a string": (h, n) => [set(h, n, { shape: "[2, 3]" }), `${notShape(n)}"[2, 3]"`],
    "shape missing": (h, n) => [set(h, n, { shape: undefined }), `${notShape(n)}undefined`],
    "shape null": (h, n) => [set(h, n, { shape: null }), `${notShape(n)}null`],
    "shape entry negative": (h, n) => [set(h, n, { shape: [...(h[n]!.shape as number[]), -1] }), notShape(n)],
    "shape entry fractional": (h, n) => [set(h, n, { shape: [1.5] }), `${notShape(n)}[1.5]`],
    "shape entry a string": (h, n) => [set(h, n, { shape: ["2"] }), `${notShape(n)}["2"]`],
    "shape entry past 2^53": (h, n) => [set(h, n, { shape: [2 ** 53 + 2] }), notShape(n)],
    "shape nested 10,000 deep": (h, n) => [
      set(h, n, { shape: HOLE }).replace(`"${HOLE}"`, `${"[".repeat(10_000)}${"]".repeat(10_000)}`),
      `${notShape(n)}a deeply nested array`,
    ],
    "shape [2^31, 2^31] with small data": (h, n) => [
      set(h, n, { shape: [2 ** 31, 2 ** 31] }),
      new RegExp(
        `^shape \\[2147483648, 2147483648\\] of ${escapeRegExp(q(n))} with dtype \\w+ needs \\d+ bytes \\(more than 2\\^53 elements\\)`,
      ),
    ],
    "shape [0, 2^40, 2^40]": (h, n) => [
      set(h, n, { shape: [0, 2 ** 40, 2 ** 40] }),
      `shape [0, 1099511627776, 1099511627776] of ${q(n)} has dims whose product passes 2^53`,
    ],
    "shape with one element too many": (h, n) => {
      const e = h[n]!;
      const size = SIZE[e.dtype]!;
      const want = (numelOf(e) + 1) * size;
      return [
        set(h, n, { shape: [numelOf(e) + 1] }),
        `with dtype ${e.dtype} needs ${want} bytes, but data_offsets`,
      ];
    },
    "a thousand dims of 1": (h, n) =>
      numelOf(h[n]!) === 1 ? [set(h, n, { shape: new Array(1000).fill(1) }), ""] : null,
    "dtype unknown": (h, n) => [set(h, n, { dtype: "F8_E4M3" }), `unknown dtype "F8_E4M3" for ${q(n)}`],
    "dtype 'constructor'": (h, n) => [
      set(h, n, { dtype: "constructor" }),
      `unknown dtype "constructor" for ${q(n)}`,
    ],
    "dtype '__proto__'": (h, n) => [
      set(h, n, { dtype: "__proto__" }),
      `unknown dtype "__proto__" for ${q(n)}`,
    ],
    "dtype lower case": (h, n) => [set(h, n, { dtype: "f32" }), `unknown dtype "f32" for ${q(n)}`],
    "dtype a number": (h, n) => [set(h, n, { dtype: 4 }), `entry ${q(n)} has no dtype string`],
    "dtype missing": (h, n) => [set(h, n, { dtype: undefined }), `entry ${q(n)} has no dtype string`],
    "dtype of another size": (h, n) => {
      const e = h[n]!;
      if (numelOf(e) === 0) return null;
      const other = e.dtype === "F64" ? "F32" : "F64";
      return [set(h, n, { dtype: other }), `with dtype ${other} needs ${numelOf(e) * SIZE[other]!} bytes`];
    },
    "data_offsets missing": (h, n) => [set(h, n, { data_offsets: undefined }), `${notOffsets(n)}undefined`],
    "data_offsets a string": (h, n) => [set(h, n, { data_offsets: "0,4" }), `${notOffsets(n)}"0,4"`],
    "data_offsets of length 3": (h, n) => [set(h, n, { data_offsets: [0, 0, 0] }), `${notOffsets(n)}[0,0,0]`],
    "data_offsets negative": (h, n) => [set(h, n, { data_offsets: [-4, 0] }), `${notOffsets(n)}[-4,0]`],
    "data_offsets fractional": (h, n) => [set(h, n, { data_offsets: [0, 0.5] }), `${notOffsets(n)}[0,0.5]`],
    "data_offsets 2^64": (h, n) => [
      set(h, n, { data_offsets: [0, HOLE] }).replace(`"${HOLE}"`, "18446744073709551616"),
      `${notOffsets(n)}[0,18446744073709552000]`,
    ],
    "data_offsets reversed": (h, n) => {
      const [b, e] = h[n]!.data_offsets as [number, number];
      return b === e ? null : [set(h, n, { data_offsets: [e, b] }), `${notOffsets(n)}[${e},${b}]`];
    },
    "data_offsets out of range": (h, n, len) => {
      const [b, e] = h[n]!.data_offsets as [number, number];
      return [
        set(h, n, { data_offsets: [b + len + 1, e + len + 1] }),
        `data_offsets of ${q(n)} [${b + len + 1}, ${e + len + 1}] are out of range: the data section is ${len} bytes`,
      ];
    },
    "data_offsets overlapping the previous tensor": (h) => {
      // The tensor whose data comes last, moved back one byte into the tensor before it.
      const names = Object.keys(h).filter((k) => k !== "__metadata__");
      const last = names
        .filter((k) => numelOf(h[k]!) > 0)
        .sort((a, b) => (h[b]!.data_offsets as number[])[0]! - (h[a]!.data_offsets as number[])[0]!)[0];
      if (last === undefined) return null;
      const [b, e] = h[last]!.data_offsets as [number, number];
      if (b === 0) return null;
      // Which of the two the message names first depends on ties in the sort; the moved range is named.
      const range = `\\[${b - 1}, ${e - 1}\\]`;
      return [
        set(h, last, { data_offsets: [b - 1, e - 1] }),
        new RegExp(`^data_offsets of (?=.*${range}).* overlap those of `, "s"),
      ];
    },
    "entry null": (h, n) => [
      JSON.stringify({ ...h, [n]: null }),
      `entry ${q(n)} must be an object with dtype, shape and data_offsets`,
    ],
    "entry an array": (h, n) => [JSON.stringify({ ...h, [n]: [h[n]] }), `entry ${q(n)} must be an object`],
    "entry a number": (h, n) => [JSON.stringify({ ...h, [n]: 7 }), `entry ${q(n)} must be an object`],
    "__metadata__ an array": (h) => [
      JSON.stringify({ ...h, __metadata__: ["pt"] }),
      '"__metadata__" must be an object',
    ],
    "__metadata__ a value not a string": (h) => [
      JSON.stringify({ ...h, __metadata__: { format: 1 } }),
      '"__metadata__" value for "format" must be a string',
    ],
    "header an array": (h) => [
      JSON.stringify([h]),
      'header must be a JSON object starting with "{", but its first byte is 0x5b',
    ],
    "header null": () => [
      "null",
      'header must be a JSON object starting with "{", but its first byte is 0x6e',
    ],
    "header a string": () => [
      '"{}"',
      'header must be a JSON object starting with "{", but its first byte is 0x22',
    ],
    "header after a UTF-8 byte order mark": (h) => [
      `\uFEFF${JSON.stringify(h)}`,
      "but its first byte is 0xef",
    ],
    "header with trailing junk": (h) => [`${JSON.stringify(h)}}`, /^header is not valid UTF-8 JSON \(/],
    "header cut short": (h) => [JSON.stringify(h).slice(0, -1), /^header is not valid UTF-8 JSON \(/],
    "duplicate tensor name": (h, n) => {
      const text = JSON.stringify(h);
      const entry = `${q(n)}:${JSON.stringify(h[n])}`;
      return [`{${entry},${text.slice(1)}`, `duplicate name ${q(n)} in the header`];
    },
    "duplicate name written with an escape": (h, n) => {
      // Only where the first character is one plain UTF-16 unit (not an escape, not half a pair).
      const c = n.charCodeAt(0);
      if (n.length === 0 || q(n)[1] === "\\" || (c >= 0xd800 && c <= 0xdfff)) return null;
      const text = JSON.stringify(h);
      const escaped = `"\\u${n.charCodeAt(0).toString(16).padStart(4, "0")}${q(n).slice(2)}`;
      return [`{${escaped}:${JSON.stringify(h[n])},${text.slice(1)}`, `duplicate name ${q(n)} in the header`];
    },
    "duplicate __metadata__": (h) => [
      `{"__metadata__":{},${JSON.stringify({ ...h, __metadata__: {} }).slice(1)}`,
      'duplicate name "__metadata__" in the header',
    ],
  };

  it("header mutations: each gives its own clear message (every mutation on every file)", () => {
    const applied = new Map<string, number>();
    const withTensor = fileArb.filter((f) => tensorNames(f).length > 0);
    fc.assert(
      fc.property(withTensor, fc.nat(), (f, r) => {
        const names = tensorNames(f);
        const name = names[r % names.length]!;
        for (const [which, mutate] of Object.entries(mutations)) {
          const header = JSON.parse(JSON.stringify(f.header)) as Record<string, Entry>;
          const m = mutate(header, name, dataOf(f).length);
          if (m === null) continue;
          applied.set(which, (applied.get(which) ?? 0) + 1);
          const [text, want] = m;
          const bytes = withHeader(text, dataOf(f));
          if (want === "") {
            // A legal change (a thousand dims of size 1): the same values come back in that shape.
            const out = attempt(bytes);
            if (out instanceof Error) throw out;
            expect(out.tensors.get(name)!.shape, which).toEqual(new Array(1000).fill(1));
            continue;
          }
          const msg = failure(bytes);
          if (typeof want === "string") expect(msg, which).toContain(want);
          else expect(msg, which).toMatch(want);
        }
      }),
      { numRuns: 120 },
    );
    // Every mutation applied (those with conditions, e.g. two non-empty tensors, at least a few times).
    expect([...applied.keys()].sort()).toEqual(Object.keys(mutations).sort());
    for (const [which, count] of applied) expect(count, which).toBeGreaterThanOrEqual(3);
  });

  it("an F32 tensor read back as I32 (same size) is a correct reinterpretation, not an error", () => {
    fc.assert(
      fc.property(fc.array(fc.float(), { minLength: 1, maxLength: 6 }), (vals) => {
        const f = parseValid([["w", makeTensor("float32", [vals.length], vals)]], null);
        const h = { ...f.header, w: { ...f.header.w!, dtype: "I32" } };
        const out = attempt(withHeader(JSON.stringify(h), dataOf(f)));
        if (out instanceof Error) throw out;
        const want = new Int32Array(Float32Array.from(vals).buffer);
        expect(Array.from(out.tensors.get("w")!.toTypedArray())).toEqual(Array.from(want));
      }),
      { numRuns: 50 },
    );
  });

  it("invalid UTF-8 anywhere in the header after the '{' is reported as such", () => {
    const bad = fc.constantFrom(
      [0xff], // never valid
      [0x80], // a lone continuation byte
      [0xc0, 0x80], // an overlong encoding of NUL
      [0xed, 0xa0, 0x80], // an encoded surrogate
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xe2, 0x82], // a sequence cut short
    );
    fc.assert(
      fc.property(fileArb, bad, fc.nat(), (f, seq, r) => {
        const h = f.bytes.slice(8, 8 + f.n);
        // Overwrite ASCII bytes followed by ASCII (or the end), so the sequence cannot merge
        // with a neighbouring multi-byte character into something valid.
        const ok = (i: number) => h[i]! < 0x80 && (i + seq.length === h.length || h[i + seq.length]! < 0x80);
        let at = 1 + (r % Math.max(1, h.length - seq.length));
        while (at + seq.length <= h.length && !ok(at)) at++;
        if (at + seq.length > h.length) return;
        h.set(seq, at);
        const msg = failure(withHeaderBytes(h, dataOf(f)));
        expect(msg).toBe(`header is not valid UTF-8 JSON (bytes 8..${8 + f.n} are not UTF-8)`);
      }),
      { numRuns: RUNS },
    );
  });

  it("data bytes appended or removed: the data section no longer matches", () => {
    fc.assert(
      fc.property(fileArb, fc.uint8Array({ minLength: 1, maxLength: 9 }), (f, extra) => {
        const data = dataOf(f);
        const grown = new Uint8Array(data.length + extra.length);
        grown.set(data);
        grown.set(extra, data.length);
        expect(failure(withHeaderBytes(f.bytes.slice(8, 8 + f.n), grown))).toBe(
          `data section is ${grown.length} bytes but the tensors cover only ${data.length}`,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it("random byte changes anywhere: a clear Error or a consistent result", () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fileArb, edits, (f, changes) => {
        const b = f.bytes.slice();
        for (const [pos, v] of changes) b[pos % b.length] = v;
        attempt(b);
      }),
      { numRuns: RUNS },
    );
  });
});

/** A string as a literal RegExp pattern. */
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
