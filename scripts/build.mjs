// Bundles the CLI into one CommonJS file. Node starts a single CJS file ~40 ms faster than a
// tree of ES modules on these machines (no ESM loader, no per-file resolution), and `status`
// must stay close to a bare `node -e ''`. Third-party packages stay external and are imported
// lazily by the commands that need them.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: '#!/usr/bin/env node\nconst __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
})
