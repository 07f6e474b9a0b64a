import type { ViewProps } from '../../shell/app';

/** Trace search and the trace waterfall (being built; the nav keeps it disabled until then). */
export function TracesView(_props: ViewProps) {
  return null;
}
