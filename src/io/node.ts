import type * as Fs from 'node:fs';
import type * as Path from 'node:path';
import type * as Zlib from 'node:zlib';
import type * as Url from 'node:url';
import { NablaError } from '../tensor/errors.js';

// Node's modules, fetched at call time through process.getBuiltinModule, so that importing
// nabla never needs Node: only calling a file function does. (Type imports vanish at runtime.)

export interface NodeApis {
  fs: typeof Fs;
  path: typeof Path;
  zlib: typeof Zlib;
  url: typeof Url;
}

let apis: NodeApis | null = null;

/** fs, path, zlib and url, or a clear error outside Node.js. */
export function node(op: string): NodeApis {
  if (apis) return apis;
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof proc?.getBuiltinModule !== 'function') {
    throw new NablaError(`${op}: needs Node.js >= 20.16 (file access is not available in this environment)`);
  }
  const get = proc.getBuiltinModule.bind(proc);
  apis = { fs: get('node:fs') as typeof Fs, path: get('node:path') as typeof Path, zlib: get('node:zlib') as typeof Zlib, url: get('node:url') as typeof Url };
  return apis;
}

let root: string | null = null;

/** The directory of nabla's package.json (found by walking up from this file), for bundled data. */
export function packageRoot(): string {
  if (root) return root;
  const { fs, path, url } = node('packageRoot');
  let dir = path.dirname(url.fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'nabla') {
      root = dir;
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new NablaError('nabla: cannot find the package root (a package.json named "nabla")');
    dir = up;
  }
}

/** Reads a file bundled with nabla (relative to the package root), gunzipping `.gz` files. */
export function readBundled(relativePath: string): Uint8Array {
  const { fs, path, zlib } = node('readBundled');
  const buf = fs.readFileSync(path.join(packageRoot(), relativePath));
  return relativePath.endsWith('.gz') ? zlib.gunzipSync(buf) : buf;
}
