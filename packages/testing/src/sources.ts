import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every library source below `dir` (`.ts` files, tests excluded), for the checks that scan source code. */
export function librarySources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) for (const s of librarySources(p)) out.push(s);
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}
