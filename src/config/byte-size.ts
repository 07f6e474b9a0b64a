/** Sizes like "16MiB", "512KiB", "1GB", "1048576" to bytes (binary and decimal units). */
const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

export function parseByteSize(text: string | number): number {
  if (typeof text === 'number') return text;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = (m?.[2] ?? '').toLowerCase() || 'b';
  const factor = UNITS[unit];
  if (!m || factor === undefined) throw new Error(`invalid size "${text}": expected e.g. 16MiB, 512KiB or a number of bytes`);
  return Math.floor(Number(m[1]) * factor);
}
