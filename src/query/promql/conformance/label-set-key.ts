import type { Labels } from '../../../model/index.js';
import { labelsKey, sortLabels } from '../../../model/index.js';

/** Identity key of a label set regardless of the order the engine listed the pairs in. */
export function labelSetKey(labels: Labels): string {
  return labelsKey(sortLabels([...labels]));
}
