/**
 * `torch.utils.data` for tsgrad: datasets, samplers, the default collate and the DataLoader.
 */
export {
  type Dataset,
  TensorDataset,
  Subset,
  ConcatDataset,
  randomSplit,
  type RandomSplitOptions,
} from "./dataset.js";
export {
  type Sampler,
  SequentialSampler,
  RandomSampler,
  type RandomSamplerOptions,
  BatchSampler,
} from "./sampler.js";
export { defaultCollate } from "./collate.js";
export { DataLoader, type DataLoaderOptions } from "./dataloader.js";
