import { arange, Generator, manualSeed, randperm, type Tensor, tensor, zeros } from "@tsgrad/core";
import { type FixtureTensor, expectTensorClose, readJson } from "@tsgrad/testing";
import { describe, expect, it, vi } from "vitest";
import {
  BatchSampler,
  DataLoader,
  type Dataset,
  defaultCollate,
  RandomSampler,
  randomSplit,
  SequentialSampler,
  Subset,
  ConcatDataset,
  TensorDataset,
} from "../index.js";

interface LoaderRecord {
  name: string;
  options: Record<string, unknown>;
  length: number;
  batches: unknown[];
}
const FIX = readJson<{
  loaders: LoaderRecord[];
  lengths: {
    batch_sampler: [number, number, boolean, number][];
    random_sampler: [number, number | null, number][];
  };
  splits: { n: number; lengths: number[]; sizes: number[]; warnings: string[] }[];
  randperm: Record<string, number[]>;
  errors: Record<string, string | null>;
}>(new URL("../../test/fixtures/data.json", import.meta.url));

// The datasets of tools/fixtures/gen_data.py, built the same way.
const x = arange(20, { dtype: "float32" }).reshape(10, 2);
const y = tensor(Array.from({ length: 10 }, (_, i) => i % 3));
const tensorDs = new TensorDataset(x, y);
const samples = <T>(items: T[]): Dataset<T> => ({ length: items.length, getItem: (i) => items[i]! });
const DATASETS: Record<string, Dataset> = {
  tensor: tensorDs,
  dicts: samples(
    Array.from({ length: 5 }, (_, i) => ({
      x: tensor([i, -i], { dtype: "float32" }),
      label: i % 2,
      weight: 0.5 * i + 0.25,
      name: `s${i}`,
      flag: i % 2 === 0,
    })),
  ),
  tuples: samples(
    Array.from({ length: 4 }, (_, i) => [
      tensor([i, i + 1]),
      [i, 10 * i],
      { k: tensor(i, { dtype: "float32" }) },
    ]),
  ),
  floats: samples(Array.from({ length: 5 }, (_, i) => i * 1.5 + 0.1)),
  no: samples(Array.from({ length: 5 }, (_, i) => i * 1.5 + 0.1)),
};

/** Compares a collated tsgrad value with its PyTorch record (tensors, arrays, objects, scalars). */
function expectSame(got: unknown, want: unknown, path: string): void {
  if (want !== null && typeof want === "object" && "tensor" in (want as object)) {
    const w = (want as { tensor: FixtureTensor }).tensor;
    expect((got as Tensor).dtype, `${path} dtype`).toBe(w.dtype);
    expectTensorClose(got as Tensor, w, path);
  } else if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, `${path} length`).toBe(want.length);
    for (const [k, w] of want.entries()) expectSame((got as unknown[])[k], w, `${path}[${k}]`);
  } else if (want !== null && typeof want === "object") {
    expect(Object.keys(got as object).sort(), `${path} keys`).toEqual(Object.keys(want).sort());
    for (const [k, w] of Object.entries(want))
      expectSame((got as Record<string, unknown>)[k], w, `${path}.${k}`);
  } else {
    expect(got, path).toBe(want);
  }
}

const loaderOptions = (o: Record<string, unknown>) => ({
  batchSize: o.batch_size as number | null | undefined,
  dropLast: o.drop_last as boolean | undefined,
});

describe("DataLoader batches match PyTorch's (sequential order; data.json)", () => {
  for (const r of FIX.loaders) {
    it(r.name, () => {
      const loader = new DataLoader(DATASETS[r.name.split(" ")[0]!]!, loaderOptions(r.options));
      expect(loader.length).toBe(r.length);
      const batches = [...loader];
      expect(batches.length).toBe(r.batches.length);
      for (const [k, b] of batches.entries()) expectSame(b, r.batches[k], `batch ${k}`);
    });
  }
  it("the fast path over a TensorDataset gives what the per-sample default collate gives", () => {
    const fast = [...new DataLoader(tensorDs, { batchSize: 4 })];
    const slow = [...new DataLoader(tensorDs, { batchSize: 4, collateFn: defaultCollate })];
    expect(fast.map((b) => b.map((t: Tensor) => t.tolist()))).toEqual(
      slow.map((b) => b.map((t: Tensor) => t.tolist())),
    );
  });
  it("the fast path gathers with one indexSelect per tensor", () => {
    const [xb] = [...new DataLoader(new TensorDataset(x.clone().requiresGrad_()), { batchSize: 3 })][0];
    expect(xb.gradFn?.name).toBe("IndexSelectBackward0");
    const [xs] = [
      ...new DataLoader(new TensorDataset(x.clone().requiresGrad_()), {
        batchSize: 3,
        collateFn: defaultCollate,
      }),
    ][0];
    expect(xs.gradFn?.name).not.toBe("IndexSelectBackward0");
  });
});

describe("samplers", () => {
  it("BatchSampler lengths are PyTorch's", () => {
    for (const [n, b, d, len] of FIX.lengths.batch_sampler) {
      const s = new BatchSampler(new SequentialSampler(samples(new Array(n).fill(0))), b, d);
      expect(s.length, `${n} ${b} ${d}`).toBe(len);
      expect([...s].length, `${n} ${b} ${d} batches`).toBe(len);
    }
  });
  it("RandomSampler lengths are PyTorch's, and each pass is a permutation (or draws in range)", () => {
    for (const [n, ns, len] of FIX.lengths.random_sampler) {
      const s = new RandomSampler(samples(new Array(n).fill(0)), {
        numSamples: ns,
        generator: new Generator(1),
      });
      expect(s.length).toBe(len);
      const got = [...s];
      expect(got.length).toBe(len);
      // Whole permutations first, then the head of one more.
      for (let k = 0; k + n <= got.length; k += n)
        expect(got.slice(k, k + n).sort()).toEqual([0, 1, 2, 3, 4]);
    }
    const r = [
      ...new RandomSampler(samples(new Array(7).fill(0)), {
        replacement: true,
        numSamples: 70,
        generator: new Generator(2),
      }),
    ];
    expect(r.length).toBe(70);
    expect(r.every((i) => Number.isInteger(i) && i >= 0 && i < 7)).toBe(true);
    expect(new Set(r).size).toBe(7);
  });
  it("a seeded shuffle is repeatable, a new order each pass, and a permutation of the dataset", () => {
    const run = () => {
      const loader = new DataLoader(tensorDs, { batchSize: 4, shuffle: true, generator: new Generator(7) });
      return [0, 1].map(() => [...loader].flatMap(([, yb]: Tensor[]) => [...(yb as Tensor).toTypedArray()]));
    };
    const [a1, a2] = run();
    const [b1, b2] = run();
    expect(a1).toEqual(b1);
    expect(a2).toEqual(b2);
    expect(a1).not.toEqual(a2);
    const [xb] = [
      ...new DataLoader(tensorDs, { batchSize: 10, shuffle: true, generator: new Generator(7) }),
    ][0];
    expect(((xb as Tensor).select(1, 0).tolist() as number[]).sort((p, q) => p - q)).toEqual([
      0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
    ]);
  });
  it("without a generator, shuffles follow manualSeed", () => {
    const order = () => [...new RandomSampler(tensorDs)];
    manualSeed(5);
    const a = order();
    manualSeed(5);
    expect(order()).toEqual(a);
  });
  it("a seeded shuffle is the generator's randperm, as in PyTorch (whose randperm stream tsgrad does not share)", () => {
    const order = [...new RandomSampler(tensorDs, { generator: new Generator(42) })];
    expect(order).toEqual(Array.from(randperm(10, { generator: new Generator(42) }).toTypedArray()));
    // The same seed gives PyTorch another permutation: its generator is the Mersenne Twister.
    expect(FIX.randperm["42"]!.slice().sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it("sampler and batchSampler options drive the order", () => {
    const sampler = [9, 0, 4];
    const got = [...new DataLoader(tensorDs, { sampler, batchSize: 2 })].map(([, yb]: Tensor[]) =>
      (yb as Tensor).tolist(),
    );
    expect(got).toEqual([[0, 0], [1]]);
    const bs = [[1, 2], [5]];
    const got2 = [...new DataLoader(tensorDs, { batchSampler: bs })].map(([, yb]: Tensor[]) =>
      (yb as Tensor).tolist(),
    );
    expect(got2).toEqual([[1, 2], [2]]);
  });
});

describe("datasets", () => {
  it("TensorDataset items are rows; Subset picks indices", () => {
    const [x3, y3] = tensorDs.getItem(3);
    expect(x3!.tolist()).toEqual([6, 7]);
    expect(y3!.item()).toBe(0);
    expect(tensorDs.getItem(-1)[0]!.tolist()).toEqual([18, 19]);
    const sub = new Subset(tensorDs, [4, 1]);
    expect(sub.length).toBe(2);
    expect(sub.getItem(1)[0]!.tolist()).toEqual([2, 3]);
  });
  it("ConcatDataset chains datasets (PyTorch's bisect over cumulative sizes, negative indices too)", () => {
    const a = new TensorDataset(arange(3));
    const empty = new TensorDataset(zeros([0]));
    const b: Dataset<number> = { length: 2, getItem: (i) => 100 + i };
    const both = new ConcatDataset<unknown>([a, empty, b]);
    expect(both.length).toBe(5);
    expect(both.cumulativeSizes).toEqual([3, 3, 5]);
    expect([0, 1, 2].map((i) => (both.getItem(i) as Tensor[])[0]!.item())).toEqual([0, 1, 2]);
    expect([both.getItem(3), both.getItem(4), both.getItem(-1), both.getItem(-2)]).toEqual([
      100, 101, 101, 100,
    ]);
    expect((both.getItem(-5) as Tensor[])[0]!.item()).toBe(0);
    expect(() => both.getItem(5)).toThrow(
      "ConcatDataset.getItem(): index 5 is out of range for a dataset of 5 samples",
    );
    expect(() => both.getItem(-6)).toThrow("out of range");
    expect(() => new ConcatDataset([])).toThrow("ConcatDataset(): datasets should not be an empty iterable");
    expect(() => new ConcatDataset([a, {} as Dataset])).toThrow(TypeError);
    expect(() => new ConcatDataset(a as never)).toThrow(
      "ConcatDataset(): datasets must be an array of datasets",
    );
    // A DataLoader batches across the seam.
    const loader = new DataLoader(new ConcatDataset([a, new TensorDataset(arange(10, 12))]), {
      batchSize: 2,
    });
    expect([...loader].map((batch) => (batch as Tensor[])[0]!.tolist())).toEqual([[0, 1], [2, 10], [11]]);
  });
  it("randomSplit's sizes and warnings are PyTorch's", () => {
    for (const s of FIX.splits) {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const parts = randomSplit(samples(new Array(s.n).fill(0)), s.lengths, { generator: new Generator(0) });
      expect(warn.mock.calls.map((c) => c[0])).toEqual(s.warnings);
      warn.mockRestore();
      expect(
        parts.map((p) => p.length),
        `${s.n} ${s.lengths}`,
      ).toEqual(s.sizes);
      const all = parts.flatMap((p) => [...p.indices]).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: s.n }, (_, i) => i));
    }
  });
  it("randomSplit is the generator's randperm cut in order", () => {
    const [a, b] = randomSplit(tensorDs, [6, 4], { generator: new Generator(3) });
    const perm = Array.from(randperm(10, { generator: new Generator(3) }).toTypedArray());
    expect([...a!.indices, ...b!.indices]).toEqual(perm);
  });
});

describe("a TensorDataset subclass's getItem runs (the batched shortcut is TensorDataset's own)", () => {
  it("its per-sample transform shows in the batches, as in PyTorch", () => {
    class Shifted extends TensorDataset {
      override getItem(i: number): Tensor[] {
        return super.getItem(i).map((t) => t.add(1000));
      }
    }
    // PyTorch: next(iter(DataLoader(Shifted(torch.arange(6)), batch_size=3))) is [tensor([1000, 1001, 1002])]
    const [first] = new DataLoader(new Shifted(arange(6)), { batchSize: 3 });
    expect((first as Tensor[]).map((t) => t.tolist())).toEqual([[1000, 1001, 1002]]);
    const [plain] = new DataLoader(new TensorDataset(arange(6)), { batchSize: 3 });
    expect((plain as Tensor[]).map((t) => t.tolist())).toEqual([[0, 1, 2]]);
  });
});

describe("default collate beyond the fixtures", () => {
  it("integral numbers become int32 (PyTorch: int64 for ints; 1.0 in Python would be float64)", () => {
    expect(defaultCollate([1, 2]).dtype).toBe("int32");
    expect(defaultCollate([1, 2.5]).dtype).toBe("float64");
  });
  it("strings stay as an array; typed arrays are stacked", () => {
    expect(defaultCollate(["a", "b"])).toEqual(["a", "b"]);
    expect(defaultCollate([Float32Array.of(1, 2), Float32Array.of(3, 4)]).tolist()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe("async iteration yields to the event loop between batches", () => {
  it("a callback queued before the loop runs before the last batch", async () => {
    // setImmediate, not a 0 ms timer: a timer's 1 ms may or may not pass during the loop.
    const events: string[] = [];
    setImmediate(() => events.push("timer"));
    let k = 0;
    for await (const [xb] of new DataLoader(tensorDs, { batchSize: 2 })) {
      expect((xb as Tensor).shape).toEqual([2, 2]);
      events.push(`batch ${k++}`);
    }
    expect(k).toBe(5);
    expect(events.indexOf("timer")).toBeGreaterThan(-1);
    expect(events.indexOf("timer")).toBeLessThan(events.length - 1);
  });
  it("gives the same batches as for..of", async () => {
    const loader = new DataLoader(tensorDs, { batchSize: 3 });
    const got: number[][] = [];
    for await (const [, yb] of loader) got.push((yb as Tensor).tolist());
    expect(got).toEqual([...loader].map(([, yb]: Tensor[]) => (yb as Tensor).tolist()));
  });
});

describe("bad options get PyTorch's messages", () => {
  const E = FIX.errors;
  const rows: [string, () => unknown][] = [
    [
      "sampler-shuffle",
      () => new DataLoader(tensorDs, { sampler: new SequentialSampler(tensorDs), shuffle: true }),
    ],
    [
      "batch-sampler-exclusive",
      () =>
        new DataLoader(tensorDs, {
          batchSampler: new BatchSampler(new SequentialSampler(tensorDs), 2, false),
          batchSize: 2,
        }),
    ],
    ["batch-size-none-drop-last", () => new DataLoader(tensorDs, { batchSize: null, dropLast: true })],
    ["batch-size-zero", () => new BatchSampler(new SequentialSampler(tensorDs), 0, false)],
    [
      "drop-last-type",
      () => new BatchSampler(new SequentialSampler(tensorDs), 2, "no" as unknown as boolean),
    ],
    ["split-sum", () => randomSplit(samples(new Array(10).fill(0)), [3, 3])],
    ["split-fraction", () => randomSplit(samples(new Array(10).fill(0)), [1.5, -0.5])],
    ["tensor-dataset-size", () => new TensorDataset(zeros([3]), zeros([4]))],
    ["random-sampler-num-samples", () => new RandomSampler(samples([1, 2, 3]), { numSamples: 0 })],
    [
      "random-sampler-replacement",
      () => new RandomSampler(samples([1, 2, 3]), { replacement: "yes" as unknown as boolean }),
    ],
    ["collate-unequal", () => defaultCollate([[1, 2], [3]])],
  ];
  for (const [name, call] of rows) {
    it(name, () => {
      const m = E[name];
      expect(m).toBeTypeOf("string");
      expect(call).toThrow(m!);
    });
  }
  it("an empty dataset cannot be shuffled, as in PyTorch", () => {
    expect(() => new DataLoader(samples([]), { shuffle: true })).toThrow(
      `RandomSampler(): ${E["random-sampler-num-samples"]}`,
    );
    expect([...new DataLoader(samples([]))]).toEqual([]);
  });
  it("an unknown option is named", () => {
    expect(() => new DataLoader(tensorDs, { batch_size: 2 } as never)).toThrow("did you mean 'batchSize'");
    expect(() => new DataLoader(tensorDs, { num_workers: 2 } as never)).toThrow("did you mean 'numWorkers'");
  });
  it("takes numWorkers, pinMemory and persistentWorkers as PyTorch code passes them, and loads the same batches", () => {
    const plain = [...new DataLoader(tensorDs, { batchSize: 3 })].map((b) => (b as Tensor[])[0]!.tolist());
    const ported = new DataLoader(tensorDs, {
      batchSize: 3,
      numWorkers: 4,
      pinMemory: true,
      persistentWorkers: true,
    });
    expect([...ported].map((b) => (b as Tensor[])[0]!.tolist())).toEqual(plain);
    expect(() => new DataLoader(tensorDs, { numWorkers: -1 })).toThrow(
      "DataLoader(): option 'numWorkers' must be a non-negative integer, but got a number (-1)",
    );
  });
});
