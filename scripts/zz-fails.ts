import { addAtModifier, createEngineQueryable, listConformanceFiles, runScriptFile } from '../src/query/promql/conformance/index.js';
const filter = process.argv[2] ?? '';
for (const file of listConformanceFiles()) {
  if (!file.name.includes(filter)) continue;
  const result = await runScriptFile(file.path, createEngineQueryable, { mode: file.mode, addAtModifier });
  for (const o of result.outcomes) if (o.status === 'fail') console.log(`--- ${file.name}:${o.line} ${o.header}\n${(o.message ?? '').slice(0, 600)}`);
}
