/**
 * The class names users see in reprs and errors (`Sequential(`, `Error(s) in loading state_dict
 * for Sequential`, `SGD (`, `got Tensor`).
 *
 * Bundlers and minifiers rename classes: in esbuild's bundle of tsgrad the class Sequential is
 * named "_Sequential", in a minified app bundle "Kt". So every tsgrad class states its name as data, in
 * a static `typeName`, and this is the one place that turns a class into a name.
 */

/** A class as seen by `className`: its own static `typeName` if it declares one. */
type Named = { readonly name: string; readonly typeName?: unknown };

/**
 * The name of a class: the `typeName` it declares itself (`static readonly typeName = "Linear"`),
 * else its JavaScript `name`. The fallback is for users' own classes (`class MyNet extends Module`
 * prints `MyNet`, as in PyTorch) and reads only the class's *own* `typeName`, so a subclass of
 * `Linear` does not print `Linear`. A minifier renames user classes too; a class that must keep
 * its name in a minified bundle declares `static typeName = "MyNet"` (or the app is bundled with
 * esbuild's `keepNames`).
 *
 * @example
 * className(Linear); // "Linear"
 * class MyNet extends Module {}
 * className(MyNet); // "MyNet"
 */
export function className(cls: Named): string {
  return Object.hasOwn(cls, "typeName") ? String(cls.typeName) : cls.name;
}

/**
 * The class name of an object for "got ..." in error messages: `className` of its constructor
 * (`"Tensor"`, `"Linear"`, `"Object"` for a plain object), or `"object"` for one without
 * (`Object.create(null)`).
 *
 * @example
 * typeNameOf(zeros([1])); // "Tensor"
 * typeNameOf({}); // "Object"
 */
export function typeNameOf(value: object): string {
  const ctor = (value as { constructor?: unknown }).constructor;
  return typeof ctor === "function" ? className(ctor) : "object";
}
