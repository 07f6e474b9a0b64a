/** An instant query's result as a table: one row per series with its labels and value. */
import { seriesName } from './run-query';
import type { QueryResult } from './run-query';
import { formatValue } from './format-units';
import type { Unit } from './format-units';

export function TablePanel({ data, unit }: { readonly data: QueryResult; readonly unit: Unit }) {
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    return (
      <table className="result-table" data-testid="result-table">
        <thead><tr><th>{data.resultType}</th><th className="num">Value</th></tr></thead>
        <tbody><tr><td>{data.resultType}</td><td className="num">{data.result[1]}</td></tr></tbody>
      </table>
    );
  }
  let rows: { name: string; value: string }[];
  if (data.resultType === 'vector') rows = data.result.map((r) => ({ name: seriesName(r.metric), value: r.value[1] }));
  else rows = data.result.map((r) => ({ name: seriesName(r.metric), value: r.values.at(-1)?.[1] ?? '' }));
  return (
    <table className="result-table" data-testid="result-table">
      <thead><tr><th>Series</th><th className="num">Value</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <td className="series">{r.name}</td>
            <td className="num" title={formatValue(Number(r.value), unit)}>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
