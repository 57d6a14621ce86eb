/** `torch.nn.utils`: gradient clipping, parameter ⇄ vector conversions, and `rnn` (padding and packing sequences). */
export {
  clipGradNorm_,
  clipGradValue_,
  parametersToVector,
  vectorToParameters,
  type ClipGradNormOptions,
} from "./clip-grad.js";
export * as rnn from "./rnn.js";
export {
  PackedSequence,
  padSequence,
  packPaddedSequence,
  padPackedSequence,
  packSequence,
  type PadSequenceOptions,
  type PackPaddedOptions,
  type PadPackedOptions,
  type PackSequenceOptions,
} from "./rnn.js";
