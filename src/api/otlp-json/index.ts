export type { OtlpJsonDialect, OtlpJsonOptions, OtlpJsonTraces } from './span-batch-to-otlp-json.js';
export { spanBatchToOtlpJson } from './span-batch-to-otlp-json.js';
export { spanBatchToOtlpProto } from './span-batch-to-otlp-proto.js';
export type { ResourceGroup, ScopeGroup } from './span-groups.js';
export { groupSpansByResourceAndScope } from './span-groups.js';
