// A TypeDoc plugin: every exported function and class must have an `@example` (the examples are then
// run by tools/doc-examples.test.ts). A missing one is a warning, so `pnpm run docs`, which treats
// warnings as errors, fails. Names listed in typedoc.json's `examplesNotRequired` are exempt; a name
// listed there that has an example (or no longer exists) is a warning too, so the list only shrinks.
import { Converter, ParameterType, ReflectionKind } from "typedoc";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.options.addDeclaration({
    name: "examplesNotRequired",
    help: "Functions and classes (full names) exempt from the @example requirement.",
    type: ParameterType.Array,
    defaultValue: [],
  });
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const exempt = new Set(app.options.getValue("examplesNotRequired"));
    const used = new Set();
    const hasExample = (c) => c?.blockTags.some((t) => t.tag === "@example") ?? false;
    for (const r of context.project.getReflectionsByKind(ReflectionKind.Function | ReflectionKind.Class)) {
      const ok = hasExample(r.comment) || (r.signatures ?? []).some((s) => hasExample(s.comment));
      const name = r.getFriendlyFullName();
      if (ok) continue;
      if (exempt.has(name)) {
        used.add(name);
        continue;
      }
      app.logger.warn(`${name} (${ReflectionKind[r.kind]}) has no @example`);
    }
    const stale = [...exempt].filter((n) => !used.has(n));
    if (stale.length > 0) {
      app.logger.warn(
        `examplesNotRequired lists names that have an example or do not exist: ${stale.join(", ")}`,
      );
    }
  });
}
