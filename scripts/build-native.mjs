// Builds the native backend (build/Release/nabla_native.node) with node-gyp during `npm install`.
// A failed build is not an error: nabla then runs on its pure-TypeScript backend, and this script
// says so in one line and exits 0. NABLA_SKIP_NATIVE=1 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const note = (msg) => console.log(`nabla: ${msg}`);

if (process.env.NABLA_SKIP_NATIVE === '1') {
  note('NABLA_SKIP_NATIVE=1: native backend not built; nabla will use the js backend.');
  process.exit(0);
}

// npm's bundled node-gyp when run by npm, else node-gyp on PATH, else npx node-gyp.
function gypCommand() {
  const bundled = process.env.npm_config_node_gyp;
  if (bundled && existsSync(bundled)) return [process.execPath, [bundled]];
  const which = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['node-gyp'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return [which.stdout.trim().split(/\r?\n/)[0], []];
  return [process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', 'node-gyp']];
}

const args = ['rebuild', '--release'];
// Build against this Node's own headers when they are installed beside it (no download).
if (!process.env.npm_config_nodedir) {
  const headers = join(dirname(process.execPath), '..', 'include', 'node', 'node_api.h');
  if (existsSync(headers)) args.push(`--nodedir=${join(dirname(process.execPath), '..')}`);
}
const [cmd, pre] = gypCommand();
const jobs = process.env.JOBS ?? 'max';
const res = spawnSync(cmd, [...pre, ...args, `--jobs=${jobs}`], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env },
  maxBuffer: 64 * 1024 * 1024,
});
const built = existsSync(join(root, 'build', 'Release', 'nabla_native.node'));
if (res.status === 0 && built) {
  if (process.env.NABLA_VERBOSE_BUILD === '1') process.stdout.write(res.stdout ?? '');
  process.exit(0);
}
// One short line: the first compiler/gyp error, or why node-gyp did not run.
const lines = `${res.stderr ?? ''}\n${res.stdout ?? ''}`.split(/\r?\n/);
const first = (re) => lines.find((l) => re.test(l));
const reason = res.error
  ? `could not run node-gyp (${res.error.message})`
  : (first(/error:/i) ?? first(/gyp ERR! stack \w*Error/) ?? first(/not found|gyp ERR!|error/i) ?? `node-gyp exited with ${res.status}`)
      .replace(/^gyp ERR! (stack )?/, '').trim().slice(0, 160);
note(`native backend not built (${reason}); nabla will use the js backend.`);
process.exit(0);
