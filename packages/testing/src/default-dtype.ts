import { type FloatDType, setDefaultDtype } from "../../core/src/index.js";

/** Runs `run` under `setDefaultDtype(dtype)`, then puts the float32 default back (also when it throws). */
export function withDefaultDtype<T>(dtype: FloatDType, run: () => T): T {
  setDefaultDtype(dtype);
  try {
    return run();
  } finally {
    setDefaultDtype("float32");
  }
}
