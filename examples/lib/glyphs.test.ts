import { describe, expect, it } from "vitest";
import { DIGIT_STROKES, glyphGridSvg, makeGlyphs } from "./glyphs.js";
import { makeText, vocabulary } from "./text.js";

describe("glyph digits", () => {
  it("draws the digits in turn, repeatably for a seed, with values in [0, 1]", () => {
    const a = makeGlyphs(30, 3);
    const b = makeGlyphs(30, 3);
    const c = makeGlyphs(30, 4);
    expect(DIGIT_STROKES).toHaveLength(10);
    expect(Array.from(a.labels.slice(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(a.images).toHaveLength(30 * 16 * 16);
    expect(Array.from(a.images)).toEqual(Array.from(b.images));
    expect(Array.from(a.images)).not.toEqual(Array.from(c.images));
    expect(a.images.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it("puts ink where the strokes are: a noiseless 1 is a vertical bar, a 0 has an empty middle", () => {
    const { images, size } = makeGlyphs(2, 0, { noise: 0, rotation: 0, shift: 0, size: 20 });
    const at = (i: number, x: number, y: number) => images[i * size * size + y * size + x]!;
    // The 0's centre is empty and its left and right sides are inked.
    expect(at(0, 10, 10)).toBe(0);
    const row = Array.from({ length: size }, (_, x) => at(0, x, 10));
    expect(row.filter((v) => v > 0.5).length).toBeGreaterThanOrEqual(2);
    // The 1's stem: ink in most rows of its middle column, none at the far left.
    let stem = 0;
    for (let y = 0; y < size; y++) if (Math.max(at(1, 9, y), at(1, 10, y), at(1, 11, y)) > 0.5) stem++;
    expect(stem).toBeGreaterThan(size * 0.6);
    for (let y = 0; y < size; y++) expect(at(1, 0, y)).toBe(0);
  });
});

describe("made-up text", () => {
  it("is whole sentences of the grammar, repeatable for a seed, and its vocabulary round-trips", () => {
    const t = makeText(500, 1);
    expect(t).toBe(makeText(500, 1));
    expect(t).not.toBe(makeText(500, 2));
    expect(t.length).toBeGreaterThanOrEqual(500);
    for (const s of t.split(". "))
      expect(s.replace(/\.$/, "")).toMatch(/^(the|a|an) [a-z]+( [a-z]+)* [a-z]+$/);
    expect(t).not.toMatch(/\ba [aeiou]/);
    const v = vocabulary(t);
    expect(v.decode(v.encode(t))).toBe(t);
    expect(v.chars[0]).toBe(" ");
    expect(() => v.encode("Z")).toThrow('vocabulary: character "Z" is not in the text');
  });
});

describe("glyph grid picture", () => {
  it("draws each image's inked pixels and colours its caption by right or wrong", () => {
    const g = makeGlyphs(3, 0, { noise: 0 });
    const svg = glyphGridSvg({ ...g, predictions: [0, 7, 2], count: 3, columns: 2, title: "samples" });
    const inked = Array.from(g.images).filter((v) => Math.round(255 * (1 - v)) < 255).length;
    // One rect per inked pixel, plus the background and one frame per image.
    expect(svg.match(/<rect/g)!.length).toBe(inked + 1 + 3);
    expect(svg).toContain(">0 → 0</text>");
    expect(svg).toMatch(/fill="#d62728"[^>]*>1 → 7<\/text>/);
    expect(svg).toContain(">samples</text>");
  });
});
