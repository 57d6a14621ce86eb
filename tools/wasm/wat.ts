/**
 * A tiny emitter for the WebAssembly text the kernel generators (tools/wasm/*-wat.ts) write: one
 * line per instruction, indented by nesting, and the loop shape they all use.
 */

export class Wat {
  private readonly lines: string[] = [];
  private depth = 0;

  /** Appends a line; a line that closes more parentheses than it opens dedents itself. */
  emit(s: string): void {
    const delta = (s.match(/\(/g) ?? []).length - (s.match(/\)/g) ?? []).length;
    if (delta < 0) this.depth += delta;
    this.lines.push("  ".repeat(this.depth) + s);
    if (delta > 0) this.depth += delta;
  }

  /** `for (local = from; local < to; local += step) body` as a wasm block/loop pair. */
  loop(label: string, local: string, from: string, to: string, step: string, body: () => void): void {
    this.emit(`(local.set $${local} ${from})`);
    this.emit(`(block $${label}_end`);
    this.emit(`(br_if $${label}_end (i32.ge_u (local.get $${local}) ${to}))`);
    this.emit(`(loop $${label}`);
    body();
    this.emit(`(local.set $${local} (i32.add (local.get $${local}) ${step}))`);
    this.emit(`(br_if $${label} (i32.lt_u (local.get $${local}) ${to}))`);
    this.emit(")");
    this.emit(")");
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

export const get = (name: string) => `(local.get $${name})`;
export const add = (x: string, y: string) => `(i32.add ${x} ${y})`;
export const mul = (x: string, y: string) => `(i32.mul ${x} ${y})`;
export const i32 = (v: number) => `(i32.const ${v})`;
