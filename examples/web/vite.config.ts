/**
 * The playground's Vite config: `pnpm web` (dev server) and `pnpm web:build` (static site in
 * examples/web/dist). It resolves the workspace packages to their TypeScript sources, as the tests do,
 * and sends COOP/COEP so the page is cross-origin isolated (SharedArrayBuffer, for threads later).
 */
import { fileURLToPath } from "node:url";
import { defaultClientConditions, defineConfig } from "vite";

const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  resolve: { conditions: ["tsgrad-source", ...defaultClientConditions] },
  worker: { format: "es" },
  // The graph panel's Graphviz chunk (@viz-js/viz, wasm inlined) is ~1.2 MB by design, loaded on demand.
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1400 },
  server: { host: "127.0.0.1", port: 5173, headers: ISOLATION },
  preview: { host: "127.0.0.1", port: 4173, headers: ISOLATION },
  clearScreen: false,
});
