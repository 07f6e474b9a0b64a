import { createHash } from 'node:crypto';
import { badInput, compileRe2Regex, internalBug } from '../../../model/index.js';
import { DEFAULT_REGEX, isValidLabelName } from '../../../config/prometheus/index.js';
import type { NameValidationScheme, RelabelAction, RelabelConfig } from '../../../config/prometheus/index.js';
import { captureGroupNames } from './capture-names.js';
import { goToLower, goToUpper } from './case-mapping.js';
import { compileTemplate, expandTemplate } from './expand-template.js';
import type { TemplatePart } from './expand-template.js';
import type { LabelsBuilder } from './labels-builder.js';

/**
 * One relabel rule ready to run: regex compiled, templates parsed, hashmod modulus as a BigInt.
 * Immutable and safe to share between scrape loops.
 */
export class CompiledRelabelRule {
  readonly action: RelabelAction;
  private readonly sourceLabels: readonly string[];
  private readonly separator: string;
  private readonly regex: RegExp;
  private readonly targetLabel: string;
  /** Parsed target template, undefined when the target has no `$` (the common case). */
  private readonly targetParts: readonly TemplatePart[] | undefined;
  private readonly replacementParts: readonly TemplatePart[];
  private readonly modulus: bigint;
  private readonly nameValidation: NameValidationScheme;
  /** Replace with the default regex and a plain `$1`: the value is copied without running the regex. */
  private readonly copiesValue: boolean;

  constructor(config: RelabelConfig) {
    this.action = config.action;
    this.sourceLabels = [...config.sourceLabels];
    this.separator = config.separator;
    this.regex = compileRe2Regex(config.regex, true);
    const names = captureGroupNames(config.regex);
    const jsGroups = (new RegExp(`${this.regex.source}|`, 'u').exec('') as RegExpExecArray).length - 1;
    if (jsGroups !== names.length - 1) throw internalBug(`relabel regex ${JSON.stringify(config.regex)}: ${names.length - 1} RE2 groups but ${jsGroups} translated`);
    this.targetLabel = config.targetLabel;
    this.targetParts = config.targetLabel.includes('$') ? compileTemplate(config.targetLabel, names) : undefined;
    this.replacementParts = compileTemplate(config.replacement, names);
    if (config.action === 'hashmod' && !(Number.isSafeInteger(config.modulus) && config.modulus > 0)) {
      throw badInput(`hashmod relabel rule needs a positive integer modulus, got ${config.modulus}`);
    }
    this.modulus = BigInt(config.action === 'hashmod' ? config.modulus : 1);
    this.nameValidation = config.nameValidation;
    const replacement = this.replacementParts;
    this.copiesValue = config.regex === DEFAULT_REGEX && this.targetParts === undefined && replacement.length === 1 && replacement[0] === 1;
  }

  /** Applies the rule to `b`; false when the label set is to be dropped. */
  apply(b: LabelsBuilder): boolean {
    switch (this.action) {
      case 'replace':
        this.replace(b, this.sourceValue(b));
        return true;
      case 'keep':
        return this.regex.test(this.sourceValue(b));
      case 'drop':
        return !this.regex.test(this.sourceValue(b));
      case 'keepequal':
        return b.get(this.targetLabel) === this.sourceValue(b);
      case 'dropequal':
        return b.get(this.targetLabel) !== this.sourceValue(b);
      case 'lowercase':
        b.set(this.targetLabel, goToLower(this.sourceValue(b)));
        return true;
      case 'uppercase':
        b.set(this.targetLabel, goToUpper(this.sourceValue(b)));
        return true;
      case 'hashmod':
        b.set(this.targetLabel, hashMod(this.sourceValue(b), this.modulus));
        return true;
      case 'labelmap':
        // Like Prometheus, the new name is not validated here; the scrape loop rejects bad names.
        b.forEach((name, value) => {
          const m = this.regex.exec(name);
          if (m !== null) b.set(expandTemplate(this.replacementParts, m), value);
        });
        return true;
      case 'labeldrop':
        b.deleteByName(this.regex, true);
        return true;
      case 'labelkeep':
        b.deleteByName(this.regex, false);
        return true;
    }
  }

  /** The source label values joined by the separator; a missing label contributes "". */
  private sourceValue(b: LabelsBuilder): string {
    const names = this.sourceLabels;
    if (names.length === 1) return b.get(names[0] as string);
    let joined = '';
    for (let i = 0; i < names.length; i++) {
      if (i > 0) joined += this.separator;
      joined += b.get(names[i] as string);
    }
    return joined;
  }

  private replace(b: LabelsBuilder, value: string): void {
    if (this.copiesValue) {
      b.set(this.targetLabel, value);
      return;
    }
    const m = this.regex.exec(value);
    if (m === null) return;
    const target = this.targetParts === undefined ? this.targetLabel : expandTemplate(this.targetParts, m);
    // A target that expands to an invalid name (often "" from a missing group) is skipped.
    if (!isValidLabelName(target, this.nameValidation)) return;
    b.set(target, expandTemplate(this.replacementParts, m));
  }
}

/** The last 8 bytes of the MD5 of `value`, as a big-endian unsigned integer, modulo `modulus`. */
function hashMod(value: string, modulus: bigint): string {
  const digest = createHash('md5').update(value, 'utf8').digest();
  return (digest.readBigUInt64BE(8) % modulus).toString();
}

/** Compiles rules once (regexes, templates); an invalid regex is a bad_input error. */
export function compileRelabelRules(configs: readonly RelabelConfig[]): CompiledRelabelRule[] {
  return configs.map((config) => new CompiledRelabelRule(config));
}
