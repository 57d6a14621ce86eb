/** Custom autograd Functions more than one package's tests run. */
import { autograd, type FunctionCtx, type Tensor } from "../../core/src/index.js";

/** PyTorch's own example of a custom Function: exp, saving its output for backward (grad_fn MyExpBackward). */
export class MyExp extends autograd.Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const y = x.exp();
    ctx.saveForBackward(y);
    return y;
  }
  static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
    const [y] = ctx.savedTensors;
    return g.mul(y!);
  }
}
