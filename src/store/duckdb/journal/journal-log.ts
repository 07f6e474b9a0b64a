import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { unavailable } from '../../../model/index.js';

/** Bytes before each record: payload length (u32 LE) and CRC-32 of the payload (u32 LE). */
const FRAME_BYTES = 8;
const SEGMENT_SUFFIX = '.log';

export interface JournalLogOptions {
  /** A new segment starts once the current one is this large; applied segments are deleted whole. */
  readonly segmentBytes?: number;
  /** Told when replay found a damaged record and cut the log there (what was cut was never acknowledged, or the disk lost it). */
  readonly onRepair?: (message: string) => void;
  /**
   * Whether `append` waits for `fdatasync` (default true). False acknowledges a record once it
   * is written to the file, i.e. handed to the operating system: it then survives the process
   * being killed, but not the machine losing power before the kernel writes it back. A segment
   * is synced when it is completed either way.
   */
  readonly syncEachAppend?: boolean;
}

interface Segment {
  readonly index: number;
  readonly file: string;
  /** Highest sequence number written to it; -1 while empty. */
  lastSeq: number;
}

interface Waiter {
  readonly bytes: Uint8Array;
  readonly seq: number;
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * An append-only, segmented log of opaque records with group commit: what Prometheus's WAL is
 * to its head. A record is acknowledged (its `append` promise resolves) once it is written and
 * `fdatasync`ed (or only written, with `syncEachAppend: false`, as Prometheus's WAL does);
 * records appended while a write runs are written and synced together next, so many writers
 * share one sync. Records carry a caller-given, increasing sequence number.
 *
 * After a crash, `replay` returns every complete record; a torn or corrupt record ends the log
 * (it was never acknowledged, as nothing after it was synced before it) and is cut off. Once the
 * owner has applied records elsewhere durably, `releaseThrough(seq)` deletes whole segments
 * holding nothing newer.
 *
 * An I/O error breaks the log: that group and every later append reject with `unavailable`,
 * because what reached the disk is no longer known.
 */
export class JournalLog {
  private readonly segments: Segment[] = [];
  private fd = -1;
  private size = 0;
  private queue: Waiter[] = [];
  private writing: Promise<void> | null = null;
  private broken: Error | null = null;
  private closed = false;
  private readonly segmentBytes: number;
  private readonly syncEachAppend: boolean;

  private constructor(
    readonly dir: string,
    private readonly options: JournalLogOptions,
  ) {
    this.segmentBytes = options.segmentBytes ?? 16 * 1024 * 1024;
    this.syncEachAppend = options.syncEachAppend ?? true;
  }

  /**
   * Opens the log in `dir` (created when missing) and returns every intact record in order,
   * with its sequence number as `readSeq` decodes it. New appends go to a fresh segment.
   */
  static open(dir: string, readSeq: (payload: Uint8Array) => number, options: JournalLogOptions = {}): { log: JournalLog; records: Uint8Array[] } {
    fs.mkdirSync(dir, { recursive: true });
    const log = new JournalLog(dir, options);
    const records = log.recover(readSeq);
    log.startSegment();
    return { log, records };
  }

  /** Writes one record; resolves when it is on disk. `bytes` must not change until then. */
  append(bytes: Uint8Array, seq: number): Promise<void> {
    if (this.broken !== null) return Promise.reject(unavailable(`the ingest journal failed earlier (${this.broken.message}); restart Omniscope once the disk is healthy`, 5));
    if (this.closed) return Promise.reject(unavailable('the ingest journal is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ bytes, seq, resolve, reject });
      if (this.writing === null) this.writing = this.writeLoop();
    });
  }

  /** Deletes every segment but the current one whose records all have a sequence number <= `seq`. */
  releaseThrough(seq: number): void {
    while (this.segments.length > 1) {
      const oldest = this.segments[0] as Segment;
      if (oldest.lastSeq > seq) return;
      fs.rmSync(oldest.file, { force: true });
      this.segments.shift();
    }
  }

  /** Segment files not yet released (for tests). */
  get segmentCount(): number {
    return this.segments.length;
  }

  /** Refuses new appends, waits for those in flight and closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing !== null) await this.writing;
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  /** Deletes every segment (after `close`, once everything in them is applied elsewhere). */
  discard(): void {
    if (this.broken !== null) return;
    for (const s of this.segments) fs.rmSync(s.file, { force: true });
    this.segments.length = 0;
    syncDir(this.dir);
  }

  /** Ends (clearing `writing` in the same turn it sees an empty queue, so no append is left behind). */
  private async writeLoop(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        this.writing = null;
        return;
      }
      const group = this.queue;
      this.queue = [];
      try {
        await this.writeGroup(group);
      } catch (e) {
        this.broken = e instanceof Error ? e : new Error(String(e));
        const err = unavailable(`ingest journal write failed: ${this.broken.message}`, 5);
        for (const w of group) w.reject(err);
        for (const w of this.queue) w.reject(err);
        this.queue = [];
        this.writing = null;
        return;
      }
      // In sequence order, synchronously: the owner relies on acknowledgements arriving in order.
      for (const w of group) w.resolve();
    }
  }

  private async writeGroup(group: Waiter[]): Promise<void> {
    if (this.size >= this.segmentBytes) this.startSegment();
    const buffers: Uint8Array[] = [];
    let bytes = 0;
    for (const w of group) {
      const frame = Buffer.allocUnsafe(FRAME_BYTES);
      frame.writeUInt32LE(w.bytes.length, 0);
      frame.writeUInt32LE(crc32(w.bytes), 4);
      buffers.push(frame, w.bytes);
      bytes += FRAME_BYTES + w.bytes.length;
    }
    const fd = this.fd;
    await writevAll(fd, buffers, bytes);
    if (this.syncEachAppend) await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));
    this.size += bytes;
    const current = this.segments[this.segments.length - 1] as Segment;
    for (const w of group) current.lastSeq = Math.max(current.lastSeq, w.seq);
  }

  private startSegment(): void {
    if (this.fd >= 0) {
      // Without a sync per append, the completed segment is made durable here: what the kernel
      // has not written back yet is then at most one segment.
      if (!this.syncEachAppend) fs.fdatasyncSync(this.fd);
      fs.closeSync(this.fd);
    }
    const index = this.segments.length > 0 ? (this.segments[this.segments.length - 1] as Segment).index + 1 : 1;
    const file = path.join(this.dir, `${String(index).padStart(8, '0')}${SEGMENT_SUFFIX}`);
    this.fd = fs.openSync(file, 'a');
    this.size = 0;
    this.segments.push({ index, file, lastSeq: -1 });
    // The new file's directory entry must be durable before any record in it is acknowledged.
    syncDir(this.dir);
  }

  /** Reads every segment in order; the first damaged record ends the log, which is cut there. */
  private recover(readSeq: (payload: Uint8Array) => number): Uint8Array[] {
    const names = fs
      .readdirSync(this.dir)
      .filter((n) => /^\d{8}\.log$/.test(n))
      .sort();
    const records: Uint8Array[] = [];
    let damaged = false;
    for (const name of names) {
      const file = path.join(this.dir, name);
      if (damaged) {
        fs.rmSync(file, { force: true });
        continue;
      }
      const segment: Segment = { index: Number(name.slice(0, 8)), file, lastSeq: -1 };
      const data = fs.readFileSync(file);
      let off = 0;
      while (off < data.length) {
        if (off + FRAME_BYTES > data.length) break;
        const len = data.readUInt32LE(off);
        const crc = data.readUInt32LE(off + 4);
        if (off + FRAME_BYTES + len > data.length) break;
        // A copy: callers keep typed-array views over it, which need their own aligned buffer.
        const payload = new Uint8Array(len);
        payload.set(data.subarray(off + FRAME_BYTES, off + FRAME_BYTES + len));
        if (crc32(payload) !== crc) break;
        records.push(payload);
        segment.lastSeq = Math.max(segment.lastSeq, readSeq(payload));
        off += FRAME_BYTES + len;
      }
      if (off < data.length) {
        damaged = true;
        fs.truncateSync(file, off);
        this.options.onRepair?.(`ingest journal ${file}: cut ${data.length - off} damaged or incomplete bytes at offset ${off}; later segments dropped`);
      }
      this.segments.push(segment);
    }
    return records;
  }
}

async function writevAll(fd: number, buffers: Uint8Array[], total: number): Promise<void> {
  let written = await new Promise<number>((resolve, reject) => fs.writev(fd, buffers, (e, n) => (e ? reject(e) : resolve(n))));
  if (written === total) return;
  // A short write (rare: disk nearly full, signals): write the rest byte-exactly.
  const all = Buffer.concat(buffers);
  while (written < total) {
    const n = await new Promise<number>((resolve, reject) =>
      fs.write(fd, all, written, total - written, null, (e, k) => (e ? reject(e) : resolve(k))),
    );
    if (n <= 0) throw new Error('write made no progress');
    written += n;
  }
}

function syncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
