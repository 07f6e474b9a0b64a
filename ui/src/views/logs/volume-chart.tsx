/** The volume histogram: loaded lines per time bucket as bars stacked by level; drag to zoom the range. */
import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { stackCounts } from './volume';
import type { Volume } from './volume';

interface Props {
  readonly volume: Volume;
  readonly startMs: number;
  readonly endMs: number;
  readonly theme: 'light' | 'dark';
  readonly onZoom: (startMs: number, endMs: number) => void;
}

const HEIGHT = 120;
const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function VolumeChart({ volume, startMs, endMs, theme, onZoom }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const zoom = useRef(onZoom);
  zoom.current = onZoom;
  const stacked = useMemo(() => stackCounts(volume.levels), [volume]);

  useEffect(() => {
    const el = host.current;
    if (el === null) return;
    const axisColor = cssVar('--fg-muted');
    const gridColor = cssVar('--grid');
    const axis = (): uPlot.Axis => ({ stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } });
    const bars = uPlot.paths.bars?.({ align: 1, size: [0.9, 40] });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      scales: { x: { time: true, range: () => [startMs / 1000, endMs / 1000] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      series: [
        { value: (_u, v) => (v === null ? '–' : new Date(v * 1000).toLocaleString()) },
        ...volume.levels.map((l, i): uPlot.Series => {
          const color = cssVar(`--level-${l.level}`);
          return {
            label: l.level,
            stroke: color,
            fill: color,
            width: 0,
            ...(bars ? { paths: bars } : {}),
            points: { show: false },
            value: (_u, _v, _sidx, didx) => (didx === null ? '–' : String(volume.levels[i]?.counts[didx] ?? 0)),
          };
        }),
      ],
      axes: [axis(), { ...axis(), size: 50, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) }],
      legend: { live: true },
      cursor: { points: { show: false }, drag: { x: true, y: false, setScale: false } },
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 4) return;
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            zoom.current(from, to);
          },
        ],
      },
    };
    const plot = new uPlot(opts, [volume.xs, ...stacked] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [volume, stacked, startMs, endMs, theme]);

  return <div className="graph log-volume" ref={host} data-testid="log-volume" />;
}
