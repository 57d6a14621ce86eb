/**
 * The memory-overlap check of in-place ops (src/overlap.ts) against brute force, on pairs of random
 * views of ONE storage: each view is a chunk of a shared 1-D tensor at a random offset, reshaped,
 * then sliced with steps, permuted or expanded (arbitraries.ts layouts). The reference enumerates
 * every element's storage index, so it shares nothing with the stride arithmetic it checks.
 *
 * Then the point of the check: whenever it lets an in-place op run, the result is the one computed
 * on clones (as if nothing were shared); whenever it refuses, nothing was written.
 */
import { describe, it } from "vitest";
import { hasInternalOverlap, type Overlap, overlapStatus } from "../../src/overlap.js";
import {
  arbBroadcastFrom,
  arbInput,
  arbShape,
  fc,
  type InputSpec,
  numel,
  runs,
  type Tensor,
  ts,
} from "./prelude.js";

interface Placed {
  spec: InputSpec;
  /** Where the view's base chunk starts in the shared storage. */
  offset: number;
}

function arbPlaced(shape: readonly number[], expand: boolean): fc.Arbitrary<Placed> {
  return fc.record({ spec: arbInput(shape, { expand }), offset: fc.integer({ min: 0, max: 6 }) });
}

/**
 * A pair of views: `self` of some shape, `other` of a shape that broadcasts to it — sometimes the
 * very same layout, so that exact aliasing ("same") is drawn often enough.
 */
const arbPair = arbShape({ maxRank: 3, maxSize: 4 }).chain((shape) =>
  arbPlaced(shape, true).chain((self) =>
    fc.record({
      self: fc.constant(self),
      other: fc.oneof(
        { arbitrary: arbBroadcastFrom(shape).chain((s) => arbPlaced(s, true)), weight: 4 },
        { arbitrary: fc.constant(self), weight: 1 },
      ),
      op: fc.constantFrom("add_", "mul_", "copy_", "sub_"),
    }),
  ),
);

function storageFor(...ps: Placed[]): Tensor {
  const n = Math.max(1, ...ps.map((p) => p.offset + numel(p.spec.baseShape)));
  // Distinct, exactly representable values, so a wrong read shows up.
  return ts.arange(n, { dtype: "float64" }).mul(0.5).add(1);
}

function viewOf(storage: Tensor, p: Placed): Tensor {
  let v = storage.narrow(0, p.offset, numel(p.spec.baseShape)).view(p.spec.baseShape);
  for (let i = p.spec.transforms.length - 1; i >= 0; i--) v = p.spec.transforms[i]!.apply(v);
  return v;
}

function describePlaced(name: string, p: Placed): string {
  const ops = p.spec.transforms
    .slice()
    .reverse()
    .map((t) => `.${t.describe}`)
    .join("");
  return `${name} = storage.narrow(0, ${p.offset}, ${numel(p.spec.baseShape)}).view([${p.spec.baseShape.join(", ")}])${ops}`;
}

/** The storage index of each element, in row-major order (brute force, through indices). */
function addresses(t: Tensor): number[] {
  const out: number[] = [];
  const idx = new Array<number>(t.dim()).fill(0);
  for (let k = 0; k < t.numel(); k++) {
    let a = t.offset;
    for (let d = 0; d < t.dim(); d++) a += idx[d]! * t.strides[d]!;
    out.push(a);
    for (let d = t.dim() - 1; d >= 0; d--) {
      if (++idx[d]! < t.shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

function bruteInternal(t: Tensor): boolean {
  const a = addresses(t);
  return new Set(a).size !== a.length;
}

function bruteStatus(out: Tensor, input: Tensor): Overlap {
  const a = addresses(out);
  const b = new Set(addresses(input));
  if (!a.some((x) => b.has(x))) return "none";
  // "same": element k of out reads, through broadcasting, the very location it writes.
  const expanded = input.expand(out.shape);
  const e = addresses(expanded);
  return a.every((x, k) => x === e[k]) ? "same" : "partial";
}

describe("property: in-place overlap check vs brute force, on views of one storage", () => {
  it("hasInternalOverlap and overlapStatus agree with enumerating every element's address", () => {
    fc.assert(
      fc.property(arbPair, ({ self, other }) => {
        const storage = storageFor(self, other);
        const s = viewOf(storage, self);
        const o = viewOf(storage, other);
        const label = `${describePlaced("self", self)}; ${describePlaced("other", other)}`;
        const internal = hasInternalOverlap(s.shape, s.strides);
        if (internal !== bruteInternal(s)) {
          throw new Error(`${label}: hasInternalOverlap(self) is ${internal}, brute force says ${!internal}`);
        }
        const got = overlapStatus(s, o);
        const want = bruteStatus(s, o);
        if (got !== want) throw new Error(`${label}: overlapStatus is ${got}, brute force says ${want}`);
      }),
      runs(400),
    );
  });

  it("an in-place op it lets through gives the result computed on clones; one it refuses writes nothing", () => {
    fc.assert(
      fc.property(arbPair, ({ self, other, op }) => {
        const storage = storageFor(self, other);
        const s = viewOf(storage, self);
        const o = viewOf(storage, other);
        const label = `${op}: ${describePlaced("self", self)}; ${describePlaced("other", other)}`;
        const before = storage.tolist() as number[];
        const refused = hasInternalOverlap(s.shape, s.strides) || overlapStatus(s, o) === "partial";
        const sc = s.clone();
        const oc = o.clone();
        const want =
          op === "copy_"
            ? oc.expand(s.shape)
            : op === "add_"
              ? sc.add(oc)
              : op === "sub_"
                ? sc.sub(oc)
                : sc.mul(oc);
        const expected = before.slice();
        const values = want.contiguous().tolist();
        const flatWant = (
          s.dim() === 0 ? [values] : (values as unknown[]).flat(Number.POSITIVE_INFINITY)
        ) as number[];
        addresses(s).forEach((a, k) => {
          expected[a] = flatWant[k]!;
        });
        let threw: unknown = null;
        try {
          (s as unknown as Record<string, (t: Tensor) => Tensor>)[op]!.call(s, o);
        } catch (e) {
          threw = e;
        }
        const after = storage.tolist() as number[];
        if (refused) {
          if (!(threw instanceof Error) || !threw.message.startsWith(`${op}(): unsupported operation:`)) {
            throw new Error(`${label}: expected the overlap error, got ${String(threw)}`);
          }
          if (after.some((v, i) => v !== before[i])) throw new Error(`${label}: wrote before refusing`);
          return;
        }
        if (threw !== null) throw new Error(`${label}: threw ${String(threw)}`);
        after.forEach((v, i) => {
          if (v !== expected[i]) {
            throw new Error(
              `${label}: storage[${i}] is ${v}, expected ${expected[i]}\n  got      [${after.join(", ")}]\n  expected [${expected.join(", ")}]`,
            );
          }
        });
      }),
      runs(400),
    );
  });
});
