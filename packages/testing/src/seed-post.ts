/**
 * The seed post's printed `pred.log_softmax(dim=-1)`, to 4 decimals (the post printed its pred
 * rounded, so these agree with an exact log_softmax only to ~1e-4). Core's seed test and the
 * losses' LabelSmoothingLoss test both check against it.
 */
export const POST_LOG_SOFTMAX: readonly (readonly number[])[] = [
  [-1.134, -1.3576, -0.8652],
  [-1.4805, -1.0699, -0.8453],
  [-1.3617, -1.2385, -0.7897],
  [-1.2397, -1.4158, -0.7597],
  [-1.3027, -0.8784, -1.1623],
];
