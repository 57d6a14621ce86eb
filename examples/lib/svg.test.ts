import { describe, expect, it } from "vitest";
import { Axes, escapeXml, legendRow, niceTicks, Svg, tickFormatter } from "./svg.js";

describe("svg helper", () => {
  it("picks round 1-2-5 ticks covering the range", () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 250)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceTicks(-1.15, 1.15)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0.3, 1)).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(niceTicks(2, 2)).toEqual([2]);
    expect(tickFormatter([0, 0.2, 0.4])(0.4)).toBe("0.4");
    expect(tickFormatter([0, 50, 100])(50)).toBe("50");
    expect(tickFormatter([-1, -0.5, 0])(-1)).toBe("-1.0");
  });

  it("maps data to pixels with y pointing up", () => {
    const ax = new Axes(new Svg(100, 100), { x: 10, y: 20, width: 80, height: 60 }, { x: [0, 1], y: [0, 2] });
    expect(ax.sx(0)).toBe(10);
    expect(ax.sx(1)).toBe(90);
    expect(ax.sy(0)).toBe(80);
    expect(ax.sy(2)).toBe(20);
  });

  it("writes a well-formed document with escaped text, axes, labels and legends", () => {
    const svg = new Svg(300, 200);
    const ax = new Axes(
      svg,
      { x: 60, y: 30, width: 200, height: 120 },
      {
        x: [0, 10],
        y: [0, 1],
        title: "a < b & c",
        xLabel: "epoch",
        yLabel: "loss",
      },
    );
    ax.background().line([0, 5, Number.NaN, 8, 10], [1, 0.5, 0.4, 0.3, 0.2]).frame();
    ax.legend([{ label: "train", kind: "line", color: "#1f77b4" }]);
    legendRow(svg, [{ label: "dot", kind: "marker", color: "#000000", cross: true }], 150, 190);
    const text = svg.toString();
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"')).toBe(true);
    expect(text.trimEnd().endsWith("</svg>")).toBe(true);
    expect(text).toContain(">a &lt; b &amp; c</text>");
    expect(text).toContain(">epoch</text>");
    expect(text).toContain('transform="rotate(-90');
    // The NaN splits the line into a 2-point and a 2-point polyline.
    expect(text.match(/<polyline/g)).toHaveLength(2);
    expect(text.match(/<g[ >]/g)?.length).toBe(text.match(/<\/g>/g)?.length);
    expect(escapeXml('"x"')).toBe("&quot;x&quot;");
  });
});
