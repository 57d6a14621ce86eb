/**
 * torch.nn.utils.rnn and the recurrent layers on packed input, against PyTorch 1.13
 * (fixtures/rnn_packed.json, written by tools/fixtures/gen_rnn_packed.py).
 */
import { gradcheck, manualSeed, randn, type Tensor, tensor } from "@tsgrad/core";
import { expectTensorClose, type FixtureTensor, fromFixture, readJson } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";
import { GRU, LSTM, RNN } from "../layers/recurrent.js";
import type { Module } from "../module.js";
import { PackedSequence, packPaddedSequence, packSequence, padPackedSequence, padSequence } from "./rnn.js";

interface LayerCase {
  name: string;
  kind: "RNN" | "LSTM" | "GRU";
  options: Record<string, unknown>;
  lengths: number[];
  enforce_sorted: boolean;
  state_dict: Record<string, FixtureTensor>;
  input: FixtureTensor;
  states: FixtureTensor[] | null;
  packed_data: FixtureTensor;
  batch_sizes: number[];
  padded: FixtureTensor;
  out_lengths: number[];
  finals: FixtureTensor[];
  w_out: FixtureTensor;
  w_finals: FixtureTensor[];
  grad_input: FixtureTensor;
  grad_states: FixtureTensor[] | null;
  grad_params: Record<string, FixtureTensor>;
}
const FIX = readJson<{ utils: any; layers: LayerCase[] }>(
  new URL("../../test/fixtures/rnn_packed.json", import.meta.url),
);
const CLASSES = { RNN, LSTM, GRU };

describe("padSequence, packSequence, packPaddedSequence, padPackedSequence (PyTorch 1.13)", () => {
  const u = FIX.utils;
  const seqs = () => (u.sequences as FixtureTensor[]).map((s) => fromFixture(s));
  it("pads and packs as PyTorch does", () => {
    expectTensorClose(padSequence(seqs()), u.pad_sequence, "pad_sequence");
    expectTensorClose(
      padSequence(seqs(), { batchFirst: true, paddingValue: -1.5 }),
      u.pad_sequence_batch_first_value,
      "pad_sequence batch_first",
    );
    const p = packSequence(seqs(), { enforceSorted: false });
    expectTensorClose(p.data, u.pack_sequence.data, "pack_sequence data");
    expect(p.batchSizes.tolist()).toEqual(u.pack_sequence.batch_sizes);
    expect(p.sortedIndices!.tolist()).toEqual(u.pack_sequence.sorted_indices);
    expect(p.unsortedIndices!.tolist()).toEqual(u.pack_sequence.unsorted_indices);
    const [padded, lengths] = padPackedSequence(p, { batchFirst: true, paddingValue: 9, totalLength: 6 });
    expectTensorClose(padded, u.pad_packed.padded, "pad_packed_sequence");
    expect(lengths.tolist()).toEqual(u.pad_packed.lengths);
    const sorted = seqs().sort((a, b) => b.shape[0]! - a.shape[0]!);
    const q = packSequence(sorted);
    expectTensorClose(q.data, u.pack_sorted.data, "pack_sequence sorted");
    expect(q.batchSizes.tolist()).toEqual(u.pack_sorted.batch_sizes);
    expect(q.sortedIndices).toBeNull();
    const r = packSequence([tensor([1, 2, 3], { dtype: "float32" }), tensor([4, 5], { dtype: "float32" })]);
    expect(String(r)).toBe(u.repr);
  });

  it("pack then pad gives the padded batch back, and the gradient flows to the padded input only", () => {
    const x = randn([4, 3, 2], { dtype: "float64", requiresGrad: true });
    const packed = packPaddedSequence(x, [2, 4, 1], { enforceSorted: false });
    expect(packed.data.gradFn?.name).toBe("PackPaddedSequenceBackward0");
    const [back, lengths] = padPackedSequence(packed, { totalLength: 4 });
    expect(lengths.tolist()).toEqual([2, 4, 1]);
    const mask = tensor([
      [1, 1, 1],
      [1, 1, 0],
      [0, 1, 0],
      [0, 1, 0],
    ]).unsqueeze(-1);
    expect(back.sub(x.mul(mask)).abs().max().item()).toBe(0); // (toEqual would tell 0 from x·0 = -0)
    back.sum().backward();
    expect(x.grad!.tolist()).toEqual(mask.expand(4, 3, 2).double().tolist());
    expect(
      gradcheck(
        (t: Tensor) =>
          padPackedSequence(packPaddedSequence(t, [2, 4, 1], { enforceSorted: false }), {
            batchFirst: true,
          })[0],
        [randn([4, 3, 2], { dtype: "float64", requiresGrad: true })],
      ),
    ).toBe(true);
  });

  it("refuses what PyTorch refuses, and what it would get silently wrong", () => {
    const x = randn([3, 2]);
    expect(() => packPaddedSequence(x, [2, 3])).toThrow(
      "packPaddedSequence(): `lengths` array must be sorted in decreasing order when `enforceSorted` is true",
    );
    expect(() => packPaddedSequence(x, [3, 0])).toThrow(
      "packPaddedSequence(): Length of all samples has to be greater than 0",
    );
    expect(() => packPaddedSequence(x, [3])).toThrow(
      "packPaddedSequence(): Expected `len(lengths)` to be equal to batch_size, but got 1 (batch_size=2)",
    );
    // PyTorch 1.13 packs a length longer than the input without a word.
    expect(() => packPaddedSequence(x, [4, 2])).toThrow(
      "the longest length, 4, is more than the input's 3 steps",
    );
    expect(() => padSequence([])).toThrow("padSequence(): received an empty list of sequences");
    expect(() => padSequence([randn([2, 3]), randn([2, 1])])).toThrow(
      "padSequence(): every sequence must have the trailing shape of the first, [3], but sequences[1] has shape [2, 1]",
    );
    expect(() => padPackedSequence(packSequence([randn([3]), randn([1])]), { totalLength: 2 })).toThrow(
      "padPackedSequence(): Expected total_length to be at least the length of the longest sequence in input, but got total_length=2 and max sequence length being 3",
    );
    expect(() => padSequence([randn([2])], { batch_first: true } as never)).toThrow(
      "did you mean 'batchFirst'",
    );
  });
});

describe("RNN, LSTM and GRU on a PackedSequence (PyTorch 1.13)", () => {
  for (const c of FIX.layers) {
    it(c.name, () => {
      const m = new CLASSES[c.kind](3, 4, {
        ...c.options,
        dtype: "float64",
      } as never) as unknown as Module & {
        forward(input: PackedSequence, hx?: unknown): [PackedSequence, unknown];
      };
      m.loadStateDict(new Map(Object.entries(c.state_dict).map(([k, v]) => [k, fromFixture(v)])));
      const x = fromFixture(c.input, true);
      const states = c.states === null ? null : c.states.map((s) => fromFixture(s, true));
      const batchFirst = c.options.batchFirst === true;
      const packed = packPaddedSequence(x, c.lengths, { batchFirst, enforceSorted: c.enforce_sorted });
      const hx = states === null ? null : c.kind === "LSTM" ? states : states[0];
      const [out, hn] = m.forward(packed, hx);
      expect(out).toBeInstanceOf(PackedSequence);
      expectTensorClose(out.data, c.packed_data, `${c.name} packed data`);
      expect(out.batchSizes.tolist()).toEqual(c.batch_sizes);
      const [padded, lengths] = padPackedSequence(out, { batchFirst });
      expectTensorClose(padded, c.padded, `${c.name} padded`);
      expect(lengths.tolist()).toEqual(c.out_lengths);
      const finals = c.kind === "LSTM" ? (hn as Tensor[]) : [hn as Tensor];
      for (const [i, f] of finals.entries()) expectTensorClose(f, c.finals[i]!, `${c.name} final ${i}`);
      let loss = padded.mul(fromFixture(c.w_out)).sum();
      finals.forEach((f, i) => {
        loss = loss.add(f.mul(fromFixture(c.w_finals[i]!)).sum());
      });
      loss.backward();
      expectTensorClose(x.grad!, c.grad_input, `${c.name} input grad`);
      for (const [i, s] of (states ?? []).entries()) {
        expectTensorClose(s.grad!, c.grad_states![i]!, `${c.name} state ${i} grad`);
      }
      for (const [name, p] of m.namedParameters()) {
        expectTensorClose(p.grad!, c.grad_params[name]!, `${c.name} ${name} grad`);
      }
    });
  }

  it("a packed batch gives each sequence what it gives alone, and call() runs it with hooks", () => {
    manualSeed(3);
    const lstm = new LSTM(2, 3, { bidirectional: true, dtype: "float64" });
    const a = randn([4, 2], { dtype: "float64" });
    const b = randn([2, 2], { dtype: "float64" });
    let calls = 0;
    lstm.registerForwardHook(() => {
      calls++;
    });
    const [out] = lstm.call(packSequence([a, b]) as never) as unknown as [PackedSequence];
    expect(calls).toBe(1);
    const [padded] = padPackedSequence(out);
    const [alone] = lstm.call(b.unsqueeze(1));
    expect(padded.narrow(0, 0, 2).select(1, 1).sub(alone.select(1, 0)).abs().max().item()).toBeLessThan(
      1e-12,
    );
    expect(() => lstm.forward(packSequence([randn([2, 3], { dtype: "float64" })]))).toThrow(
      "LSTM: a packed input's data must be [steps, input_size] = [*, 2], got shape [2, 3]",
    );
  });
});
