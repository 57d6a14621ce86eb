/**
 * A tiny SVG plotting helper (no dependency): a document builder, "nice" axis ticks, and `Axes`
 * that map data to pixels and draw frame, grid, tick labels, axis labels, title and legend.
 * Just enough for the examples' decision regions, training curves and reliability diagrams.
 */

/** Font stack: DejaVu Sans is what resvg finds on most Linux systems; browsers fall back. */
export const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

/** Matplotlib's tab10 colours, the palette people already read plots in. */
export const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];

type AttrValue = string | number | undefined;
export type Attrs = Record<string, AttrValue>;

/** Rounds pixel coordinates so files stay small (0.01 px is far below what anyone can see). */
export function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `{ strokeWidth: 2 }` → ` stroke-width="2"`; undefined values are left out. */
function attrs(a: Attrs): string {
  let s = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    const key = k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    s += ` ${key}="${typeof v === "number" ? num(v) : escapeXml(v)}"`;
  }
  return s;
}

/** An SVG document built element by element; `toString()` gives the file's text. */
export class Svg {
  private readonly parts: string[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  raw(element: string): this {
    this.parts.push(element);
    return this;
  }
  rect(x: number, y: number, width: number, height: number, a: Attrs = {}): this {
    return this.raw(`<rect${attrs({ x, y, width, height, ...a })}/>`);
  }
  line(x1: number, y1: number, x2: number, y2: number, a: Attrs = {}): this {
    return this.raw(`<line${attrs({ x1, y1, x2, y2, ...a })}/>`);
  }
  polyline(points: readonly (readonly [number, number])[], a: Attrs = {}): this {
    const pts = points.map(([x, y]) => `${num(x)},${num(y)}`).join(" ");
    return this.raw(`<polyline${attrs({ points: pts, fill: "none", ...a })}/>`);
  }
  circle(cx: number, cy: number, r: number, a: Attrs = {}): this {
    return this.raw(`<circle${attrs({ cx, cy, r, ...a })}/>`);
  }
  path(d: string, a: Attrs = {}): this {
    return this.raw(`<path${attrs({ d, ...a })}/>`);
  }
  text(x: number, y: number, content: string, a: Attrs = {}): this {
    return this.raw(`<text${attrs({ x, y, ...a })}>${escapeXml(content)}</text>`);
  }
  /** Opens a `<g>`; close it with `end()`. */
  group(a: Attrs = {}): this {
    return this.raw(`<g${attrs(a)}>`);
  }
  end(): this {
    return this.raw("</g>");
  }

  toString(): string {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family="${FONT}" font-size="13">`,
      `<rect width="${this.width}" height="${this.height}" fill="#ffffff"/>`,
      ...this.parts,
      "</svg>",
      "",
    ].join("\n");
  }
}

/**
 * About `count` round tick values (steps of 1, 2 or 5 × 10^k) covering `[lo, hi]`, the
 * classic "nice numbers" choice every plotting library makes.
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const ticks: number[] = [];
  // A small tolerance keeps ends like 1.0000000002 from dropping the last tick.
  const tol = step * 1e-9;
  for (let v = Math.ceil((lo - tol) / step) * step; v <= hi + tol; v += step) {
    ticks.push(Math.abs(v) < tol ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}

/** A formatter with just enough decimals to tell the ticks apart. */
export function tickFormatter(ticks: readonly number[]): (v: number) => string {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return (v) => v.toFixed(decimals);
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AxesOptions {
  /** Data range on x and y: `[min, max]`. */
  x: readonly [number, number];
  y: readonly [number, number];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Tick values; default `niceTicks` of the range. */
  xTicks?: readonly number[];
  yTicks?: readonly number[];
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  /** Light grid lines at the ticks. Default: true. */
  grid?: boolean;
}

export type LegendEntry =
  | { label: string; kind: "line"; color: string; dash?: string; width?: number }
  | { label: string; kind: "marker"; color: string; stroke?: string; r?: number; cross?: boolean }
  | { label: string; kind: "box"; color: string; opacity?: number };

export type Corner = "top-left" | "top-right" | "bottom-left" | "bottom-right";

/**
 * A plotting area inside `box` (pixels) showing the data range in `options`. Draw in this order:
 * `background()` (grid), your data, then `frame()` (axes, ticks, labels, title) and `legend()`.
 */
export class Axes {
  readonly xTicks: readonly number[];
  readonly yTicks: readonly number[];

  constructor(
    readonly svg: Svg,
    readonly box: Box,
    readonly options: AxesOptions,
  ) {
    this.xTicks = (options.xTicks ?? niceTicks(options.x[0], options.x[1])).filter(
      (v) => v >= options.x[0] - 1e-12 && v <= options.x[1] + 1e-12,
    );
    this.yTicks = (options.yTicks ?? niceTicks(options.y[0], options.y[1])).filter(
      (v) => v >= options.y[0] - 1e-12 && v <= options.y[1] + 1e-12,
    );
  }

  /** Data x → pixel x. */
  sx(v: number): number {
    const [a, b] = this.options.x;
    return this.box.x + ((v - a) / (b - a)) * this.box.width;
  }
  /** Data y → pixel y (up is larger y, as in every plot). */
  sy(v: number): number {
    const [a, b] = this.options.y;
    return this.box.y + this.box.height - ((v - a) / (b - a)) * this.box.height;
  }

  /** Clips what follows to the plotting area; pair with `svg.end()`. */
  clip(id: string): this {
    const { x, y, width, height } = this.box;
    this.svg.raw(
      `<clipPath id="${id}"><rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${num(height)}"/></clipPath>`,
    );
    this.svg.group({ clipPath: `url(#${id})` });
    return this;
  }

  background(): this {
    const { x, y, width, height } = this.box;
    this.svg.rect(x, y, width, height, { fill: "#ffffff" });
    if (this.options.grid ?? true) {
      this.svg.group({ stroke: "#e6e6e6", strokeWidth: 1 });
      for (const t of this.xTicks) this.svg.line(this.sx(t), y, this.sx(t), y + height);
      for (const t of this.yTicks) this.svg.line(x, this.sy(t), x + width, this.sy(t));
      this.svg.end();
    }
    return this;
  }

  frame(): this {
    const { x, y, width, height } = this.box;
    const o = this.options;
    const fx = o.xFormat ?? tickFormatter(this.xTicks);
    const fy = o.yFormat ?? tickFormatter(this.yTicks);
    const svg = this.svg;
    svg.rect(x, y, width, height, { fill: "none", stroke: "#333333", strokeWidth: 1 });
    svg.group({ stroke: "#333333", strokeWidth: 1 });
    for (const t of this.xTicks) svg.line(this.sx(t), y + height, this.sx(t), y + height + 5);
    for (const t of this.yTicks) svg.line(x - 5, this.sy(t), x, this.sy(t));
    svg.end();
    svg.group({ fill: "#333333", fontSize: 12 });
    for (const t of this.xTicks) svg.text(this.sx(t), y + height + 19, fx(t), { textAnchor: "middle" });
    for (const t of this.yTicks) svg.text(x - 8, this.sy(t) + 4, fy(t), { textAnchor: "end" });
    svg.end();
    if (o.xLabel) svg.text(x + width / 2, y + height + 40, o.xLabel, { textAnchor: "middle", fontSize: 14 });
    if (o.yLabel) {
      const cx = x - 52;
      const cy = y + height / 2;
      svg.text(cx, cy, o.yLabel, {
        textAnchor: "middle",
        fontSize: 14,
        transform: `rotate(-90 ${num(cx)} ${num(cy)})`,
      });
    }
    if (o.title)
      svg.text(x + width / 2, y - 12, o.title, { textAnchor: "middle", fontSize: 15, fontWeight: "bold" });
    return this;
  }

  /** A line through the points (x[i], y[i]); non-finite points break the line. */
  line(xs: ArrayLike<number>, ys: ArrayLike<number>, a: Attrs = {}): this {
    let run: [number, number][] = [];
    const flush = () => {
      if (run.length > 1)
        this.svg.polyline(run, { stroke: "#1f77b4", strokeWidth: 2, strokeLinejoin: "round", ...a });
      run = [];
    };
    for (let i = 0; i < xs.length; i++) {
      if (Number.isFinite(xs[i]!) && Number.isFinite(ys[i]!)) run.push([this.sx(xs[i]!), this.sy(ys[i]!)]);
      else flush();
    }
    flush();
    return this;
  }

  /** Dots at (x[i], y[i]). */
  scatter(xs: ArrayLike<number>, ys: ArrayLike<number>, r: number, a: Attrs = {}): this {
    this.svg.group(a);
    for (let i = 0; i < xs.length; i++) this.svg.circle(this.sx(xs[i]!), this.sy(ys[i]!), r);
    this.svg.end();
    return this;
  }

  /** A small × at each point (used to mark mistakes). */
  crosses(xs: ArrayLike<number>, ys: ArrayLike<number>, size: number, a: Attrs = {}): this {
    let d = "";
    for (let i = 0; i < xs.length; i++) {
      const cx = this.sx(xs[i]!);
      const cy = this.sy(ys[i]!);
      d += `M${num(cx - size)} ${num(cy - size)}L${num(cx + size)} ${num(cy + size)}M${num(cx - size)} ${num(cy + size)}L${num(cx + size)} ${num(cy - size)}`;
    }
    if (d) this.svg.path(d, { stroke: "#000000", strokeWidth: 2, fill: "none", ...a });
    return this;
  }

  /**
   * A legend box in a corner of the plotting area, or with its top-left corner at a pixel position
   * (e.g. to the right of the plot when the data fill every corner).
   */
  legend(entries: readonly LegendEntry[], at: Corner | { x: number; y: number } = "top-right"): this {
    const svg = this.svg;
    const rowH = 20;
    const textW = Math.max(...entries.map((e) => e.label.length)) * 7.2;
    const w = 46 + textW;
    const h = entries.length * rowH + 10;
    let left: number;
    let top: number;
    if (typeof at === "string") {
      left = at.endsWith("left") ? this.box.x + 10 : this.box.x + this.box.width - w - 10;
      top = at.startsWith("top") ? this.box.y + 10 : this.box.y + this.box.height - h - 10;
    } else {
      left = at.x;
      top = at.y;
    }
    svg.group({ class: "legend" });
    svg.rect(left, top, w, h, { fill: "#ffffff", fillOpacity: 0.9, stroke: "#999999", rx: 3 });
    entries.forEach((e, i) => {
      const cy = top + 5 + rowH * i + rowH / 2;
      legendKey(svg, e, left + 8, cy);
      svg.text(left + 36, cy + 4, e.label, { fontSize: 12, fill: "#222222" });
    });
    svg.end();
    return this;
  }
}

/** Draws one legend key (a 20 px wide sample of the line, box or marker) at (x, cy). */
function legendKey(svg: Svg, e: LegendEntry, x: number, cy: number): void {
  if (e.kind === "line") {
    svg.line(x, cy, x + 20, cy, { stroke: e.color, strokeWidth: e.width ?? 2, strokeDasharray: e.dash });
  } else if (e.kind === "box") {
    svg.rect(x + 2, cy - 6, 16, 12, { fill: e.color, fillOpacity: e.opacity, stroke: "#666666" });
  } else {
    svg.circle(x + 10, cy, e.r ?? 4, { fill: e.color, stroke: e.stroke ?? "none", strokeWidth: 1 });
    if (e.cross) {
      const d = `M${num(x + 5)} ${num(cy - 5)}L${num(x + 15)} ${num(cy + 5)}M${num(x + 5)} ${num(cy + 5)}L${num(x + 15)} ${num(cy - 5)}`;
      svg.path(d, { stroke: "#000000", strokeWidth: 2 });
    }
  }
}

/** A one-row legend centred at (cx, cy), for figures whose panels have no empty corner. */
export function legendRow(svg: Svg, entries: readonly LegendEntry[], cx: number, cy: number): void {
  const widths = entries.map((e) => 28 + e.label.length * 6.8 + 18);
  let x = cx - widths.reduce((a, b) => a + b, 0) / 2;
  svg.group({ class: "legend" });
  entries.forEach((e, i) => {
    legendKey(svg, e, x, cy);
    svg.text(x + 28, cy + 4, e.label, { fontSize: 12, fill: "#222222" });
    x += widths[i]!;
  });
  svg.end();
}
