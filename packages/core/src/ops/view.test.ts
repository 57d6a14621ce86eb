import { describe, expect, it } from "vitest";
import { expectEachThrows, itGradchecksFns, type NamedFn } from "@tsgrad/testing";
import { describeGroup } from "../../test/more-cases.js";
import { arange, randn, type Tensor, zeros } from "../index.js";

describeGroup("core_ops", "view", "views", "view");

describe("view gradcheck on random inputs (float64)", () => {
  const fns: NamedFn[] = [
    ["transpose", (x) => x.transpose(0, -1)],
    ["permute", (x) => x.permute(1, 2, 0)],
    ["expand", (x) => x.narrow(1, 0, 1).expand(2, 5, 4)],
    ["view -1", (x) => x.view(-1, 2)],
    ["reshape of a transposed view", (x) => x.transpose(1, 2).reshape(6, 4)],
    ["squeeze / unsqueeze", (x) => x.unsqueeze(1).narrow(3, 1, 1).squeeze()],
    ["flatten", (x) => x.flatten(1)],
    ["narrow", (x) => x.narrow(-1, 1, 2)],
    ["slice step 2", (x) => x.slice(2, 1, 4, 2)],
    ["select", (x) => x.select(1, -1)],
    ["chunk", (x) => x.chunk(3, 1)],
    ["split sizes", (x) => x.split([3, 1], 2)],
    ["unbind", (x) => x.unbind(0)],
    ["contiguous of a permuted view", (x) => x.permute(2, 1, 0).contiguous()],
    ["a chain of views", (x) => x.transpose(0, 1).slice(0, 0, 3, 2).flatten().view(4, -1).t()],
  ];
  itGradchecksFns(fns, 51, () => randn([2, 3, 4], { dtype: "float64", requiresGrad: true }));
});

describe("views share storage", () => {
  it("a write through a view is visible in the base", () => {
    const base = arange(12, { dtype: "float32" }).view(3, 4);
    const views: [string, Tensor][] = [
      ["transpose", base.transpose(0, 1)],
      ["permute", base.permute(1, 0)],
      ["view", base.view(2, 6)],
      ["reshape (contiguous)", base.reshape(-1)],
      ["unsqueeze", base.unsqueeze(0)],
      ["flatten", base.flatten()],
      ["narrow", base.narrow(1, 1, 2)],
      ["slice", base.slice(1, 0, 4, 2)],
      ["select", base.select(0, 1)],
      ["chunk", base.chunk(2, 1)[1]!],
      ["split", base.split(1, 0)[2]!],
      ["unbind", base.unbind(1)[3]!],
      ["expand", base.narrow(0, 0, 1).expand(5, 4)],
    ];
    for (const [name, v] of views) {
      expect(v.storage, name).toBe(base.storage);
      expect(v.base, name).toBe(base.base ?? base);
    }
    const before = base.tolist() as number[][];
    base.narrow(1, 1, 2).select(0, 2).fill_(-1);
    expect(base.tolist()).toEqual([before[0], before[1], [8, -1, -1, 11]]);
    base.t().select(0, 0).fill_(7);
    expect((base.tolist() as number[][]).map((r) => r[0])).toEqual([7, 7, 7]);
    base.slice(1, 0, 4, 2).select(0, 0).fill_(5);
    expect((base.tolist() as number[][])[0]).toEqual([5, 1, 5, 3]);
  });
  it("contiguous() of a contiguous tensor is the tensor itself; of a strided one, a copy", () => {
    const x = randn([2, 3]);
    expect(x.contiguous()).toBe(x);
    const t = x.t();
    expect(t.isContiguous()).toBe(false);
    const c = t.contiguous();
    expect(c.isContiguous()).toBe(true);
    expect(c.storage).not.toBe(x.storage);
    expect(c.tolist()).toEqual(t.tolist());
  });
  it("reshape of a strided tensor copies, view refuses", () => {
    const t = randn([2, 3]).t();
    expect(t.reshape(6).storage).not.toBe(t.storage);
    expect(() => t.view(6)).toThrow(
      "view(): view size is not compatible with input tensor's size and stride",
    );
  });
  it("strides as PyTorch reports them", () => {
    const x = zeros([2, 3, 4]);
    expect(x.stride()).toEqual([12, 4, 1]);
    expect(x.permute(2, 0, 1).stride()).toEqual([1, 12, 4]);
    expect(x.slice(2, 1, 4, 2).stride()).toEqual([12, 4, 2]);
    expect(x.slice(2, 1, 4, 2).offset).toBe(1);
    expect(x.narrow(0, 1, 1).expand(5, 3, 4).stride()).toEqual([0, 4, 1]);
    expect(x.unsqueeze(1).stride()).toEqual([12, 12, 4, 1]);
    expect(x.select(1, 2).offset).toBe(8);
  });
});

describe("view grad_fn names", () => {
  it("squeeze() and squeeze(dim) are two nodes in PyTorch 1.13: SqueezeBackward0 and SqueezeBackward1", () => {
    const x = zeros([1, 3, 1], { requiresGrad: true });
    expect(x.squeeze().gradFn!.name).toBe("SqueezeBackward0");
    expect(x.squeeze(0).gradFn!.name).toBe("SqueezeBackward1");
    expect(x.squeeze(-1).gradFn!.name).toBe("SqueezeBackward1");
  });
});

describe("view errors", () => {
  const x = zeros([2, 3]);
  it("dim out of range, like PyTorch", () => {
    const msg = "Dimension out of range (expected to be in range of [-2, 1], but got 2)";
    expectEachThrows(
      [
        ["transpose", () => x.transpose(0, 2)],
        ["squeeze", () => x.squeeze(2)],
        ["narrow", () => x.narrow(2, 0, 1)],
        ["slice", () => x.slice(2)],
        ["select", () => x.select(2, 0)],
        ["split", () => x.split(1, 2)],
        ["chunk", () => x.chunk(2, 2)],
        ["unbind", () => x.unbind(2)],
        ["permute", () => x.permute(0, 2)],
        ["flatten", () => x.flatten(2)],
      ],
      msg,
    );
    expect(() => x.unsqueeze(3)).toThrow(
      "unsqueeze(): Dimension out of range (expected to be in range of [-3, 2], but got 3)",
    );
  });
  it("bad shapes", () => {
    expect(() => x.view(4, 2)).toThrow("view(): shape '[4, 2]' is invalid for input of size 6");
    expect(() => x.view(-1, 4)).toThrow("view(): shape '[-1, 4]' is invalid for input of size 6");
    expect(() => x.reshape(-1, -1)).toThrow("only one dimension can be inferred");
    expect(() => x.expand(4, 3)).toThrow(
      "expand(): The expanded size of the tensor (4) must match the existing size (2) at non-singleton dimension 0",
    );
    expect(() => x.expand(3)).toThrow("the number of sizes provided (1) must be greater or equal");
    expect(() => x.permute(0, 0)).toThrow("permute(): repeated dim");
    expect(() => x.permute(0)).toThrow("input.dim() = 2 is not equal to len(dims) = 1");
  });
  it("an empty dim: chunk gives `chunks` empty pieces and split(0) one, as in PyTorch", () => {
    // PyTorch: [t.shape for t in torch.zeros(2, 0).chunk(3, 1)] is three torch.Size([2, 0])
    expect(
      zeros([2, 0])
        .chunk(3, 1)
        .map((t) => t.shape),
    ).toEqual([
      [2, 0],
      [2, 0],
      [2, 0],
    ]);
    expect(
      zeros([2, 0])
        .split(0, 1)
        .map((t) => t.shape),
    ).toEqual([[2, 0]]);
    expect(
      zeros([2, 0])
        .split(2, 1)
        .map((t) => t.shape),
    ).toEqual([[2, 0]]);
  });
  it("bad positions", () => {
    expect(() => x.narrow(1, 2, 2)).toThrow("narrow(): start (2) + length (2) exceeds dimension size (3).");
    expect(() => x.select(1, 3)).toThrow(
      "select(): index 3 out of range for tensor of size [2, 3] at dimension 1",
    );
    expect(() => x.split([1, 1], 1)).toThrow("split_with_sizes(): expects split_sizes to sum exactly to 3");
    expect(() => x.chunk(0)).toThrow("chunk(): chunk expects `chunks` to be greater than 0, got: 0");
    expect(() => x.split(0, 1)).toThrow(
      "split(): split_size can only be 0 if dimension size is 0, but got dimension size of 3",
    );
    expect(() => x.split(-1, 1)).toThrow(
      "split(): split expects split_size be non-negative, but got split_size=-1",
    );
    expect(() => x.slice(0, 0, 2, 0)).toThrow("slice(): slice step must be positive, got 0");
  });
});
