import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { librarySources } from "@tsgrad/testing";
import { describe, expect, it } from "vitest";

/**
 * No library code spreads a list of unbounded length into a call: `Math.max(...xs)`,
 * `out.push(...xs)`, `needsGrad(...inputs)` or `f.apply(null, xs)` pass every element as an
 * argument on the stack, and V8 throws "Maximum call stack size exceeded" past ~125k of them
 * (printing a 262144-element tensor, `cat` of 150k tensors). Loops instead.
 *
 * The check parses every library source (tests excluded) with the TypeScript compiler and flags
 * each spread argument and each `.apply` call, except a function forwarding its own rest parameter
 * (`function f(...xs) { g(...xs) }`): those arguments already fit on the stack, since they
 * arrived as arguments.
 */

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Deliberate spreads of lists the user passes as arguments, with the reason they are bounded. */
const ALLOWED: Record<string, string> = {
  // A method's own arguments, passed on after checking there are no more than it declares.
  "packages/core/src/methods.ts: fn.apply(…)": "a method call's own arguments, at most its declared count",
  // PyTorch's gradcheck(fn, inputs) calls fn(*inputs): the user's function takes its inputs as arguments.
  "packages/core/src/autograd/gradcheck.ts: fn(...inputs)": "PyTorch's fn(*inputs)",
  "packages/core/src/autograd/gradcheck.ts: fn(...ins)": "PyTorch's gradgradcheck: fn(*inputs)",
  // torch.autograd.functional calls func(*inputs) too.
  "packages/core/src/autograd/functional.ts: func(...ins)": "PyTorch's func(*inputs)",
  // Module.call(...inputs) passes the call's own arguments (or a pre-hook's replacement) to forward.
  "packages/nn/src/module.ts: this.forward(...args)": "PyTorch's module(*inputs)",
  // A custom Function's backward takes one gradient per output of its forward, as in PyTorch.
  "packages/core/src/autograd/function.ts: cls.backward(...gs)": "PyTorch's backward(ctx, *grad_outputs)",
  // A module call's tensor inputs (or outputs) through the backward-hook identity, as PyTorch's BackwardHookFunction.apply(*tensors).
  "packages/nn/src/module.ts: BackwardHookFunction.apply(...tensors)":
    "a module call's own tensor arguments or outputs",
  "packages/nn/src/module.ts: BackwardHookFunction.apply(…)":
    "a Function's apply, not Function.prototype.apply",
  // exportOnnx runs each module on its forward's own arguments (the example inputs, or a parent's values).
  "packages/nn/src/onnx/graph.ts: (m.call as (...a: unknown[]) => unknown)(...args)":
    "a module call's own arguments, as PyTorch's module(*inputs)",
};

/** The rest parameter names of the functions enclosing `node`. */
function enclosingRestParams(node: ts.Node): Set<string> {
  const names = new Set<string>();
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) {
      for (const p of n.parameters) {
        if (p.dotDotDotToken && ts.isIdentifier(p.name)) names.add(p.name.text);
      }
    }
  }
  return names;
}

/** Each spread call in `code` as `callee(...arg)` text (forwarded rest parameters left out). */
function spreadCalls(code: string, file = "x.ts"): string[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = (ts.isNewExpression(node) ? "new " : "") + node.expression.getText(sf);
      for (const arg of node.arguments ?? []) {
        if (!ts.isSpreadElement(arg)) continue;
        const forwarded =
          ts.isIdentifier(arg.expression) && enclosingRestParams(node).has(arg.expression.text);
        if (!forwarded) found.push(`${callee}(${arg.getText(sf)})`);
      }
      const applied = ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "apply";
      if (applied && (node.arguments?.length ?? 0) >= 2) found.push(`${callee}(…)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("no spread of unbounded lists into calls", () => {
  it("the check finds the spreads it must find", () => {
    expect(
      spreadCalls("Math.max(1, ...xs); out.push(...ys); new Foo(...zs); Math.min.apply(null, v);"),
    ).toEqual(["Math.max(...xs)", "out.push(...ys)", "new Foo(...zs)", "Math.min.apply(…)"]);
    // Forwarding the function's own rest parameter is fine; array literals and object spreads are not calls.
    expect(spreadCalls("function f(...a) { g(...a); const b = [...a]; const o = { ...p }; }")).toEqual([]);
    expect(spreadCalls("function f(...a) { g(...a.map(h)); }")).toEqual(["g(...a.map(h))"]);
  });

  it("library sources of core, nn and losses have none", () => {
    const offenders: string[] = [];
    for (const pkg of ["core", "nn", "losses"]) {
      for (const f of librarySources(join(root, "packages", pkg, "src"))) {
        const rel = relative(root, f);
        for (const call of spreadCalls(readFileSync(f, "utf8"), f)) {
          if (!(`${rel}: ${call}` in ALLOWED)) offenders.push(`${rel}: ${call}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
