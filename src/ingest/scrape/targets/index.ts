export type { TargetGroup } from '../../../config/prometheus/index.js';
export type { DroppedTarget, TargetSpec, TargetsFromGroupResult } from './targets-from-group.js';
export { targetsFromGroup } from './targets-from-group.js';
export { parseFileSd } from './file-sd.js';
export { resolveFileSdGlobs } from './resolve-file-sd-globs.js';
export { buildTargetUrl } from './target-url.js';
