import { compileRe2Regex } from '../../model/index.js';
import { checkKeys, childPath, fail, readMap, readList, readString, readStringList, readUint } from './fields.js';
import { RELABEL_CONFIG_KEYS } from './known-keys.js';
import { isValidLabelName, isValidLegacyTemplate } from './label-names.js';
import type { NameValidationScheme, RelabelAction, RelabelConfig, UnsupportedKey } from './types.js';
import type { YamlValue } from './yaml-tree.js';

export const DEFAULT_SEPARATOR = ';';
export const DEFAULT_REGEX = '(.*)';
export const DEFAULT_REPLACEMENT = '$1';

const ACTIONS: ReadonlySet<string> = new Set<RelabelAction>([
  'replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase',
]);
/** Actions that write `target_label`. */
const WRITES_TARGET: ReadonlySet<RelabelAction> = new Set(['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);
/** Actions whose target is a plain label name and that take no replacement. */
const PLAIN_TARGET: ReadonlySet<RelabelAction> = new Set(['lowercase', 'uppercase', 'keepequal', 'dropequal']);

/**
 * Reads a `relabel_configs` / `metric_relabel_configs` list, applying Prometheus's defaults and
 * rejecting what its validation rejects (which actions need which fields, valid target names,
 * RE2 syntax).
 */
export function parseRelabelConfigs(
  node: YamlValue | undefined,
  path: string,
  scheme: NameValidationScheme,
  unsupported: UnsupportedKey[],
): RelabelConfig[] {
  return readList(node, path).map((item, i) => parseRelabelConfig(item, childPath(path, i), scheme, unsupported));
}

function parseRelabelConfig(node: YamlValue, path: string, scheme: NameValidationScheme, unsupported: UnsupportedKey[]): RelabelConfig {
  const map = readMap(node, path);
  if (map === undefined) fail(path, 'empty or null relabel config');
  checkKeys(map, path, RELABEL_CONFIG_KEYS, unsupported);
  const field = (key: string): YamlValue | undefined => map.entries.get(key);
  const at = (key: string): string => childPath(path, key);

  const sourceLabels = readStringList(field('source_labels'), at('source_labels'));
  sourceLabels.forEach((name, i) => {
    // Prometheus 3 reads source label names as UTF-8 whatever the scheme.
    if (!isValidLabelName(name, 'utf8')) fail(childPath(at('source_labels'), i), `${JSON.stringify(name)} is not a valid label name`);
  });
  const separator = readString(field('separator'), at('separator')) ?? DEFAULT_SEPARATOR;
  // An explicit null regex is the empty pattern (matches only ""), as in Prometheus.
  const regex = readString(field('regex'), at('regex')) ?? DEFAULT_REGEX;
  try {
    compileRe2Regex(regex, true);
  } catch (e) {
    fail(at('regex'), (e as Error).message);
  }
  const modulus = readUint(field('modulus'), at('modulus')) ?? 0;
  // Prometheus takes any uint64; beyond 2^53 a JavaScript number is no longer exact.
  if (!Number.isSafeInteger(modulus)) fail(at('modulus'), `modulus ${modulus} is too large (at most ${Number.MAX_SAFE_INTEGER})`);
  const targetLabel = readString(field('target_label'), at('target_label')) ?? '';
  const replacement = readString(field('replacement'), at('replacement')) ?? DEFAULT_REPLACEMENT;
  const actionText = readString(field('action'), at('action')) ?? 'replace';
  const action = actionText.toLowerCase();
  if (actionText === '') fail(at('action'), 'relabel action cannot be empty');
  if (!ACTIONS.has(action)) fail(at('action'), `unknown relabel action ${JSON.stringify(actionText)}; expected one of ${[...ACTIONS].join(', ')}`);

  const config: RelabelConfig = {
    sourceLabels,
    separator,
    regex,
    modulus,
    targetLabel,
    replacement,
    action: action as RelabelAction,
    nameValidation: scheme,
  };
  const sourceNode = field('source_labels');
  validate(config, { regex: map.entries.has('regex'), sourceLabels: sourceNode !== undefined && !isNull(sourceNode) }, at);
  return config;
}

/** Prometheus's relabel.Config.Validate, check for check, with our messages. */
function validate(c: RelabelConfig, explicit: { regex: boolean; sourceLabels: boolean }, at: (key: string) => string): void {
  const { action, targetLabel, nameValidation: scheme } = c;
  if (action === 'hashmod' && c.modulus === 0) fail(at('modulus'), 'the hashmod action requires a non-zero modulus');
  if (WRITES_TARGET.has(action) && targetLabel === '') fail(at('target_label'), `the ${action} action requires target_label`);
  const invalidTarget = (): never => fail(at('target_label'), `${JSON.stringify(targetLabel)} is not a valid target_label for the ${action} action`);
  if (action === 'replace') {
    const valid = !targetLabel.includes('$') || scheme === 'utf8' ? isValidLabelName(targetLabel, scheme) : isValidLegacyTemplate(targetLabel);
    if (!valid) invalidTarget();
  }
  if ((PLAIN_TARGET.has(action) || action === 'hashmod') && !isValidLabelName(targetLabel, scheme)) invalidTarget();
  if (PLAIN_TARGET.has(action) && c.replacement !== DEFAULT_REPLACEMENT) fail(at('replacement'), `replacement cannot be set for the ${action} action`);
  if (action === 'labelmap') {
    const valid = scheme === 'utf8' ? isValidLabelName(c.replacement, scheme) : isValidLegacyTemplate(c.replacement);
    if (!valid) fail(at('replacement'), `${JSON.stringify(c.replacement)} is not a valid replacement for the labelmap action`);
  }
  if (action === 'keepequal' || action === 'dropequal') {
    // Prometheus rejects any explicit regex here, even the default one.
    const extra = firstSet([
      ['regex', explicit.regex],
      ...commonExtras(c),
    ]);
    if (extra !== undefined) fail(at(extra), `the ${action} action takes only source_labels and target_label`);
  }
  if (action === 'labeldrop' || action === 'labelkeep') {
    // An explicit `source_labels: []` counts as set, as in Prometheus.
    const extra = firstSet([
      ['source_labels', explicit.sourceLabels],
      ['target_label', targetLabel !== ''],
      ...commonExtras(c),
    ]);
    if (extra !== undefined) fail(at(extra), `the ${action} action takes only regex`);
  }
}

function isNull(node: YamlValue): boolean {
  return node.kind === 'scalar' && node.value === null;
}

/** The first key, in order, whose condition holds: the setting an action does not take. */
function firstSet(keys: readonly (readonly [string, boolean])[]): string | undefined {
  return keys.find(([, set]) => set)?.[0];
}

/** Settings that neither keepequal/dropequal nor labeldrop/labelkeep take. */
function commonExtras(c: { modulus: number; separator: string; replacement: string }): [string, boolean][] {
  return [
    ['modulus', c.modulus !== 0],
    ['separator', c.separator !== DEFAULT_SEPARATOR],
    ['replacement', c.replacement !== DEFAULT_REPLACEMENT],
  ];
}
