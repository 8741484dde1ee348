// `npm run example -- <name> [args...]`: runs dist/examples/<name>.js (built by `npm run build`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const [name, ...rest] = process.argv.slice(2);
const available = existsSync('dist/examples')
  ? readdirSync('dist/examples').filter((f) => f.endsWith('.js') && f !== 'common.js').map((f) => f.slice(0, -3))
  : [];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run example -- <name> [args]\navailable: ${available.join(', ') || '(none built: run npm run build)'}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [`dist/examples/${name}.js`, ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
