/** `torch.nn.utils`: gradient clipping and parameter ⇄ vector conversions. */
export {
  clipGradNorm_,
  clipGradValue_,
  parametersToVector,
  vectorToParameters,
  type ClipGradNormOptions,
} from "./clip-grad.js";
