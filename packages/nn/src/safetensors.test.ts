import { tensor, zeros } from "@tsgrad/core";
import { describe, expect, it } from "vitest";
import { expectClose, TOL } from "@tsgrad/testing";
import { fixtureBytes, NN_FIXTURE } from "../test/helpers.js";
import { ReLU } from "./layers/activation.js";
import { Sequential } from "./layers/container.js";
import { Linear } from "./layers/linear.js";
import { loadSafetensors, readSafetensors, saveSafetensors } from "./safetensors.js";

/** A safetensors file from a header (object or raw text) and data bytes. */
function craft(header: unknown, data: number[] | Uint8Array = [], headerLength?: number): Uint8Array {
  const text = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setUint32(0, headerLength ?? text.length, true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

describe("interop with files written by PyTorch (tools/fixtures/gen_nn.py)", () => {
  it("an MLP state dict loads into the equivalent tsgrad model and gives PyTorch's outputs", () => {
    const model = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 3));
    const { tensors, metadata } = readSafetensors(fixtureBytes("mlp.safetensors"));
    expect(metadata).toEqual({ format: "pt", written_by: "tools/fixtures/gen_nn.py" });
    expect(model.loadStateDict(tensors)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const { mlp } = NN_FIXTURE;
    const y = model.call(tensor(mlp.input, { dtype: "float32" }).reshape(mlp.input_shape));
    expect(y.shape).toEqual(mlp.output_shape);
    expectClose(y, mlp.output, TOL.layers(1e-5));
  });

  it("re-saving the loaded dict reproduces PyTorch-side bytes exactly", () => {
    const bytes = fixtureBytes("mlp.safetensors");
    const { tensors, metadata } = readSafetensors(bytes);
    expect(saveSafetensors(tensors, metadata)).toEqual(bytes);
  });

  it("reads every supported dtype (F64, F32, F16, BF16, I64, I32, BOOL), 0-d and empty tensors", () => {
    const sd = loadSafetensors(fixtureBytes("dtypes.safetensors"));
    const want: Record<string, string> = {
      f64: "float64",
      f32: "float32",
      f16: "float32",
      bf16: "float32",
      i64: "int32",
      i32: "int32",
      mask: "bool",
      scalar: "float32",
      empty: "float32",
    };
    expect([...sd.keys()]).toEqual(Object.keys(want));
    for (const [name, dtype] of Object.entries(want)) {
      const t = sd.get(name)!;
      const fx = NN_FIXTURE.dtypes[name];
      expect(t.dtype, name).toBe(dtype);
      expect(t.shape, name).toEqual(fx.shape);
      // f16/bf16 widen exactly to float32; f32 values are compared as float32 roundings
      const got = Array.from(t.toTypedArray(), Number);
      const expected = (fx.values as (number | boolean)[]).map((v) =>
        dtype === "float32" ? Math.fround(Number(v)) : Number(v),
      );
      expect(got, name).toEqual(expected);
    }
  });
});

describe("saveSafetensors", () => {
  it("round-trips tensors of every dtype with metadata", () => {
    const sd = new Map([
      ["a.bool", tensor([true, false, true])],
      [
        "b.f32",
        tensor(
          [
            [1.5, -2],
            [3, 4],
          ],
          { dtype: "float32" },
        ),
      ],
      ["c.f64", tensor([Math.PI, 1e-300], { dtype: "float64" })],
      ["d.i32", tensor([[-2147483648, 7]])],
      ["e.0d", tensor(2.5, { dtype: "float64" })],
      ["f.empty", zeros([0, 4])],
      [
        "g.view",
        tensor(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          { dtype: "float32" },
        ).t(),
      ],
    ]);
    const bytes = saveSafetensors(sd, { note: "hi" });
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ note: "hi" });
    expect(new Set(back.tensors.keys())).toEqual(new Set(sd.keys()));
    for (const [k, t] of sd) {
      const u = back.tensors.get(k)!;
      expect(u.dtype, k).toBe(t.dtype);
      expect(u.shape, k).toEqual(t.shape);
      expect(u.tolist(), k).toEqual(t.tolist());
    }
  });

  it("writes an 8-byte aligned header and aligned, contiguous data (larger dtypes first)", () => {
    const bytes = saveSafetensors({
      m: tensor([true]),
      x: tensor([1], { dtype: "float32" }),
      y: tensor([1], { dtype: "float64" }),
    });
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      y: { dtype: "F64", shape: [1], data_offsets: [0, 8] },
      x: { dtype: "F32", shape: [1], data_offsets: [8, 12] },
      m: { dtype: "BOOL", shape: [1], data_offsets: [12, 13] },
    });
    expect(bytes.length).toBe(8 + n + 13);
  });

  it("rejects bad arguments", () => {
    expect(() => saveSafetensors({ w: zeros([1]) }, { v: 3 as unknown as string })).toThrow(
      'saveSafetensors(): metadata values must be strings, but "v" is number',
    );
    expect(() => saveSafetensors({ w: [1, 2] as never })).toThrow(
      'saveSafetensors(): value for "w" is not a Tensor',
    );
    expect(() => saveSafetensors({ __metadata__: zeros([1]) })).toThrow('"__metadata__" is reserved');
  });
});

describe("loadSafetensors on bad files", () => {
  const f32 = (n: number) => new Array(4 * n).fill(0);
  const entry = (dtype: string, shape: number[], offsets: number[]) => ({
    dtype,
    shape,
    data_offsets: offsets,
  });
  const cases: [string, Uint8Array, string][] = [
    ["too short", new Uint8Array(5), "file is 5 bytes, too short for the 8-byte header length"],
    [
      "header length past the end",
      craft({}, [], 1000),
      "header length 1000 runs past the end of the file (10 bytes, so at most 2)",
    ],
    ["invalid JSON", craft("{not json"), "header is not valid UTF-8 JSON"],
    ["header not an object", craft("[1,2]"), "header must be a JSON object"],
    [
      "unknown dtype",
      craft({ w: entry("C64", [1], [0, 8]) }, new Array(8).fill(0)),
      'unknown dtype "C64" for "w"',
    ],
    [
      "offsets out of range",
      craft({ w: entry("F32", [2], [0, 8]) }, f32(1)),
      'data_offsets of "w" [0, 8] are out of range: the data section is 4 bytes',
    ],
    [
      "offsets reversed",
      craft({ w: entry("F32", [1], [4, 0]) }, f32(1)),
      'data_offsets of "w" must be [begin, end] with 0 <= begin <= end, got [4,0]',
    ],
    [
      "overlapping offsets",
      craft({ a: entry("F32", [2], [0, 8]), b: entry("F32", [2], [4, 12]) }, f32(3)),
      'data_offsets of "b" [4, 12] overlap those of "a" [0, 8]',
    ],
    [
      "a hole in the data",
      craft({ a: entry("F32", [1], [0, 4]), b: entry("F32", [1], [8, 12]) }, f32(3)),
      'data bytes 4..8 belong to no tensor (before "b")',
    ],
    [
      "trailing bytes",
      craft({ a: entry("F32", [1], [0, 4]) }, f32(2)),
      "data section is 8 bytes but the tensors cover only 4",
    ],
    [
      "shape that does not match the byte count",
      craft({ w: entry("F32", [3], [0, 8]) }, f32(2)),
      'shape [3] of "w" with dtype F32 needs 12 bytes, but data_offsets [0, 8] hold 8',
    ],
    [
      "an absurd shape (no allocation)",
      craft({ w: entry("F64", [1e15, 1e15], [0, 8]) }, new Array(8).fill(0)),
      'shape [1000000000000000, 1000000000000000] of "w" with dtype F64 needs 8e+30 bytes',
    ],
    [
      "negative shape",
      craft({ w: entry("F32", [-1], [0, 4]) }, f32(1)),
      'shape of "w" must be an array of non-negative integers',
    ],
    [
      "entry not an object",
      craft({ w: 3 }),
      'entry "w" must be an object with dtype, shape and data_offsets',
    ],
    [
      "metadata not strings",
      craft({ __metadata__: { a: 1 } }),
      '"__metadata__" value for "a" must be a string',
    ],
    [
      "I64 outside int32",
      craft({ i: entry("I64", [1], [0, 8]) }, [0, 0, 0, 0, 1, 0, 0, 0]),
      '"i" (I64) holds 4294967296 at element 0, outside the int32 range',
    ],
    [
      "BOOL byte not 0/1",
      craft({ b: entry("BOOL", [1], [0, 1]) }, [2]),
      '"b" (BOOL) holds byte 2 at element 0',
    ],
  ];
  for (const [name, bytes, msg] of cases) {
    it(name, () => {
      expect(() => loadSafetensors(bytes)).toThrow(`loadSafetensors(): ${msg}`);
    });
  }

  it("a huge declared header length in the high word is caught before reading", () => {
    const b = craft({});
    new DataView(b.buffer).setUint32(4, 0xffffffff, true);
    expect(() => loadSafetensors(b)).toThrow(/runs past the end of the file/);
  });

  it("accepts an ArrayBuffer and a Uint8Array that is a window into a larger buffer", () => {
    const bytes = saveSafetensors({ w: tensor([1.25, -3], { dtype: "float32" }) });
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect(loadSafetensors(big.subarray(3)).get("w")!.tolist()).toEqual([1.25, -3]);
    expect(loadSafetensors(bytes.slice().buffer).get("w")!.tolist()).toEqual([1.25, -3]);
  });
});
