/**
 * The smallest tsgrad program: the seed's label-smoothed loss on its worked example, line for
 * line as in PyTorch, then backward() and the gradient.
 */
import { noGrad, tensor, zerosLike } from "@tsgrad/core";

const pred = tensor(
  [
    [0.1796, -0.044, 0.4484],
    [-0.2746, 0.1361, 0.3606],
    [-0.1053, 0.0179, 0.4667],
    [-0.0686, -0.2447, 0.4115],
    [-0.0467, 0.3776, 0.0937],
  ],
  { requiresGrad: true },
);
const target = tensor([0, 1, 2, 1, 0]);
const classes = 3;
const smoothing = 0.01;

console.log("pred =", pred.toString());
const logp = pred.logSoftmax(-1); //                     pred.log_softmax(dim=-1)
console.log("pred.log_softmax(dim=-1) =", logp.toString());
const trueDist = noGrad(
  () =>
    zerosLike(logp) //                                     torch.zeros_like(pred)
      .fill_(smoothing / (classes - 1)) //                 .fill_(smoothing / (classes - 1))
      .scatter_(1, target.data.unsqueeze(1), 1 - smoothing), // .scatter_(1, target.data.unsqueeze(1), confidence)
);
console.log("true_dist =", trueDist.toString());
const weight = tensor([1, 1, 1]).div(classes);
const loss = trueDist.neg().mul(logp).mul(weight).sum(-1).mean(); // torch.mean(torch.sum(-true_dist * pred * weight, dim=-1))
console.log("loss =", loss.toString());
loss.backward();
console.log("pred.grad =", pred.grad!.toString());
