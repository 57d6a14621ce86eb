/**
 * @tsgrad/testing: the one testing kit of the tsgrad packages (private, tests only).
 *
 * - `close` / `expectClose` / `expectTensorClose`: one closeness rule and the suite's tolerances;
 * - `fromFixture`, `decode`, `readJson`, `fixtureLoader`, `fixtureErrors`: the JSON fixtures of
 *   tools/fixtures/*.py;
 * - `OpCase`, `checkOpCase`, `gradcheckOpCase`: one case format and one runner for any op;
 * - `SecondOrderCase`, `checkSecondOrderCase`, `gradgradcheckOpCase`: the same for second derivatives.
 * - `loadAnotherCore`: a second loaded copy of @tsgrad/core, for the "another copy" errors.
 * - `runExample`: an example's `main(argv, io)` run with its log collected.
 * - `withDefaultDtype`: a function run under another default float dtype.
 * - `MyExp`: PyTorch's example custom autograd Function (exp).
 * - `librarySources`: the library `.ts` files below a folder, for the source-scanning checks.
 */
export * from "./cases.js";
export * from "./close.js";
export * from "./fixtures.js";
export * from "./functions.js";
export * from "./seed-post.js";
export * from "./copies.js";
export * from "./default-dtype.js";
export * from "./examples.js";
export * from "./sources.js";
