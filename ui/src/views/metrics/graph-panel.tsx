/** One uPlot chart: legend with click-to-toggle and hover values, optional stacking, unit-aware axis. */
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { buildGraphData } from './graph-data';
import type { GraphSeries } from './graph-data';
import { formatValue } from './format-units';
import type { Unit } from './format-units';

const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#f97316', '#6366f1', '#14b8a6', '#eab308'];

interface Props {
  readonly series: readonly GraphSeries[];
  readonly stacked: boolean;
  readonly unit: Unit;
  readonly theme: 'light' | 'dark';
  readonly startMs: number;
  readonly endMs: number;
}

const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function GraphPanel({ series, stacked, unit, theme, startMs, endMs }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const data = useMemo(() => buildGraphData(series, stacked), [series, stacked]);

  useEffect(() => {
    const el = host.current;
    if (el === null) return;
    const axisColor = cssVar('--fg-muted');
    const gridColor = cssVar('--grid');
    const axis = (): uPlot.Axis => ({ stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: 280,
      scales: { x: { time: true, range: () => [startMs / 1000, endMs / 1000] } },
      series: [
        { value: (_u, v) => (v === null ? '–' : new Date(v * 1000).toLocaleString()) },
        ...series.map((s, i): uPlot.Series => {
          const color = PALETTE[i % PALETTE.length] as string;
          return {
            label: s.name,
            stroke: color,
            width: 1.5,
            spanGaps: false,
            // uPlot shows points by itself where the data is sparse (a single sample is a dot).
            ...(stacked ? { fill: withAlpha(color, 0.35) } : {}),
            value: (_u, _v, sidx, didx) => formatValue(didx === null ? null : data.raw[sidx - 1]?.[didx], unit),
          };
        }),
      ],
      ...(stacked && series.length > 1 ? { bands: series.slice(1).map((_, i) => ({ series: [i + 2, i + 1] as [number, number] })) } : {}),
      axes: [axis(), { ...axis(), size: 70, values: (_u, splits) => splits.map((v) => formatValue(v, unit)) }],
      legend: { live: true },
      cursor: { points: { size: 6 } },
    };
    const plot = new uPlot(opts, [data.xs, ...data.drawn] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: 280 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [data, series, stacked, unit, theme, startMs, endMs]);

  return <div className="graph" ref={host} data-testid="graph" />;
}
