/** The dataset domain's public face: scan a folder into an index, split it. */

export { scanDataset, type ScanOptions } from './scan';
export { MAX_PIXELS } from './probe';
export { IMBALANCE_RATIO, TINY_SIDE } from './health';
export { IMAGE_EXTENSIONS } from './names';
export { splitDataset } from './split';
