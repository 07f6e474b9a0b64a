import type { PosRange } from '../parser/index.js';
import { positionOf } from '../../selector/index.js';

/**
 * Warnings and infos collected during evaluation, de-duplicated, rendered as Prometheus's API
 * renders them: `PromQL warning: <text> (line:col)`.
 */
export class Annotations {
  private readonly warningSet = new Set<string>();
  private readonly infoSet = new Set<string>();

  constructor(private readonly query = '') {}

  warn(text: string, pos?: PosRange): void {
    this.warningSet.add(`PromQL warning: ${text}${this.where(pos)}`);
  }

  info(text: string, pos?: PosRange): void {
    this.infoSet.add(`PromQL info: ${text}${this.where(pos)}`);
  }

  /** A warning that does not come from PromQL itself (storage, limits). */
  plainWarning(text: string): void {
    this.warningSet.add(text);
  }

  get warnings(): string[] {
    return [...this.warningSet];
  }

  get infos(): string[] {
    return [...this.infoSet];
  }

  private where(pos: PosRange | undefined): string {
    if (pos === undefined) return '';
    const { line, column } = positionOf(this.query, pos.start);
    return ` (${line}:${column})`;
  }
}
