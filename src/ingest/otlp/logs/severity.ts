/** OTLP SeverityNumber names for OTLP/JSON senders that write the enum by name. */
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export const SEVERITY_NUMBER_NAMES: Readonly<Record<string, number>> = (() => {
  const names: Record<string, number> = { SEVERITY_NUMBER_UNSPECIFIED: 0 };
  LEVELS.forEach((level, i) => {
    names[`SEVERITY_NUMBER_${level}`] = i * 4 + 1;
    for (let k = 2; k <= 4; k++) names[`SEVERITY_NUMBER_${level}${k}`] = i * 4 + k;
  });
  return names;
})();

/** The highest defined SeverityNumber (FATAL4). */
const MAX_SEVERITY_NUMBER = 24;

/** Severity as stored (one byte): numbers outside 0..24 read as unspecified (0). */
export function normalizeSeverityNumber(n: number): number {
  return n >= 0 && n <= MAX_SEVERITY_NUMBER ? n : 0;
}
