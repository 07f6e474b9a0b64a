import { compileRe2Regex } from './regex.js';

/**
 * Label matchers, shared by PromQL selectors, Loki stream selectors and the store contract.
 * Regex matchers are fully anchored and follow RE2 syntax, as in Prometheus: `job=~"api|web"`
 * matches exactly "api" or "web". A matcher on a label the set lacks sees the empty string.
 */
export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
}

/**
 * A compiled matcher: `matches` tests one label value (empty string when the label is absent).
 * Throws `bad_input` for an invalid regex.
 */
export class CompiledMatcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
  private readonly re: RegExp | null;

  constructor(matcher: LabelMatcher) {
    this.name = matcher.name;
    this.type = matcher.type;
    this.value = matcher.value;
    this.re = matcher.type === '=~' || matcher.type === '!~' ? compileRe2Regex(matcher.value, true) : null;
  }

  matches(labelValue: string): boolean {
    switch (this.type) {
      case '=':
        return labelValue === this.value;
      case '!=':
        return labelValue !== this.value;
      case '=~':
        return (this.re as RegExp).test(labelValue);
      case '!~':
        return !(this.re as RegExp).test(labelValue);
    }
  }

  /** True when the matcher also accepts series that lack the label entirely. */
  matchesEmpty(): boolean {
    return this.matches('');
  }
}

export function formatMatcher(m: LabelMatcher): string {
  return `${m.name}${m.type}${JSON.stringify(m.value)}`;
}
