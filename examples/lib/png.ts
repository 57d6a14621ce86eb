/**
 * SVG → PNG with @resvg/resvg-js (a prebuilt native module). Loaded lazily: if it is missing or
 * fails to load on this platform, the examples still write their SVGs and say PNG was skipped.
 */
import { writeFile } from "node:fs/promises";

type ResvgCtor = new (
  svg: string,
  options?: {
    font?: { loadSystemFonts?: boolean; defaultFontFamily?: string };
    fitTo?: { mode: "zoom"; value: number };
  },
) => { render(): { asPng(): Uint8Array } };

let loaded: Promise<ResvgCtor | Error> | null = null;

function loadResvg(): Promise<ResvgCtor | Error> {
  loaded ??= import("@resvg/resvg-js").then(
    (m) => m.Resvg as unknown as ResvgCtor,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
  return loaded;
}

/**
 * Renders `svg` to a PNG file at `zoom`× its size. Returns null on success, or the reason PNG
 * output was skipped (the renderer could not be loaded or failed).
 */
export async function writePng(svg: string, path: string, zoom = 2): Promise<string | null> {
  const Resvg = await loadResvg();
  if (Resvg instanceof Error) return `PNG skipped: @resvg/resvg-js did not load (${Resvg.message})`;
  try {
    const png = new Resvg(svg, {
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
      fitTo: { mode: "zoom", value: zoom },
    })
      .render()
      .asPng();
    await writeFile(path, png);
    return null;
  } catch (e) {
    return `PNG skipped for ${path}: ${e instanceof Error ? e.message : String(e)}`;
  }
}
