import { node } from './node.js';

let counter = 0;

/**
 * Writes a file atomically: the bytes go to a temporary file in the same directory, which is
 * flushed to disk (fsync) and then renamed over `path`, and the directory is synced where the
 * platform allows. A crash or error mid-write leaves the previous file intact; the temporary
 * file is removed on failure. An existing target's permission bits are kept.
 *
 * ```ts
 * writeFileAtomic('checkpoint.safetensors', bytes);
 * ```
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const { fs, path: p } = node('writeFileAtomic');
  const target = p.resolve(path);
  const dir = p.dirname(target);
  // The temporary name must not draw from nabla's seeded generator (saving would change the
  // random stream of a training run), so it is made from the pid, the clock and a counter.
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  const tmp = p.join(dir, `.${p.basename(target)}.${pid}.${Date.now().toString(36)}.${(counter++).toString(36)}.tmp`);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let mode = 0o666;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    // no existing file: default permissions (less the umask)
  }
  let fd = -1;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = -1;
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd >= 0) {
      try { fs.closeSync(fd); } catch { /* already failing */ }
    }
    try { fs.unlinkSync(tmp); } catch { /* never created */ }
    throw e;
  }
  syncDir(dir);
}

/** fsyncs a directory so the rename itself is durable (not possible on Windows: skipped). */
function syncDir(dir: string): void {
  const { fs } = node('writeFileAtomic');
  let fd = -1;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // directories cannot be opened or synced on this platform
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}
