import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Expands file_sd paths to the files that exist now. Only the last path element may hold
 * wildcards: `*` (any run of characters) and `?` (one character); other characters, `[` included,
 * are literal. A path without wildcards is kept when the file exists. Matches within one
 * directory come sorted by name, as Go's filepath.Glob returns them; each file is listed once,
 * in the order of first match. Directories and unreadable paths are skipped (a missing
 * directory is normal while the files are being generated); the watcher logs what it cannot read.
 */
export function resolveFileSdGlobs(patterns: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (seen.has(file) || !isFile(file)) return;
    seen.add(file);
    out.push(file);
  };
  for (const pattern of patterns) {
    const name = basename(pattern);
    if (!/[*?]/.test(name)) {
      add(pattern);
      continue;
    }
    const dir = dirname(pattern);
    const matcher = globToRegExp(name);
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue; // the directory does not exist (yet) or cannot be read: no files
    }
    for (const entry of entries.sort()) if (matcher.test(entry)) add(join(dir, entry));
  }
  return out;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (const ch of glob) {
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
