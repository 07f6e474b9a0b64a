import type { ViewProps } from '../../shell/app';

/** Log stream browser (being built; the nav keeps it disabled until then). */
export function LogsView(_props: ViewProps) {
  return null;
}
