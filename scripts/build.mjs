// Bundles the CLI into CommonJS files. Node starts a single CJS file ~40 ms faster than a tree of
// ES modules on these machines (no ESM loader, no per-file resolution), and `status` must stay
// close to a bare `node -e ''`. Third-party packages stay external and are imported lazily by the
// commands that need them.
//
// Three files, so `status` compiles only what it runs (compiling one 240 KB bundle cost ~4 ms of
// CPU on every start):
//   dist/cli.cjs       the entry: argv parsing, `status`, error reporting
//   dist/commands.cjs  every other command, loaded on first use
//   dist/errors.cjs    the error classes, shared by both so `instanceof` holds across them
import path from 'node:path'
import { build } from 'esbuild'

const SRC = path.resolve(import.meta.dirname, '..', 'src')
// An output folder other than dist/ (node scripts/build.mjs /tmp/x) tries a build without
// replacing the bundles that running tests use.
const OUT = process.argv[2] ?? 'dist'
const ERRORS = path.join(SRC, 'errors.ts')
const MAIN = path.join(SRC, 'main.ts')
// The commands main.ts imports lazily that live in dist/commands.cjs (everything but status).
const OTHER_COMMAND = /^\.\/commands\/(tray|check|login|doctor|autostart|completion)\.ts$/

/** Imports of src/errors.ts become require('./errors.cjs'); in cli.cjs, main.ts's other commands become require('./commands.cjs'). */
const split = (entry) => ({
  name: 'split',
  setup(b) {
    b.onResolve({ filter: /errors\.ts$/ }, (args) =>
      entry !== ERRORS && path.resolve(args.resolveDir, args.path) === ERRORS ? { path: './errors.cjs', external: true } : undefined)
    if (entry === 'cli') {
      b.onResolve({ filter: OTHER_COMMAND }, (args) => (args.importer === MAIN ? { path: './commands.cjs', external: true } : undefined))
    }
  },
})

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  define: { 'import.meta.url': '__importMetaUrl' },
  logLevel: 'warning',
}
// Every bundle resolves import.meta.url as the entry's: assets, package.json and the autostart
// entry's target are found from dist/cli.cjs whichever file the code landed in.
const metaUrl = 'const __importMetaUrl = require("node:url").pathToFileURL(require("node:path").join(__dirname, "cli.cjs")).href;'

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: path.join(OUT, 'cli.cjs'),
    plugins: [split('cli')],
    banner: { js: '#!/usr/bin/env node\nconst __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  }),
  build({
    ...common,
    stdin: {
      contents: ['tray', 'check', 'login', 'doctor', 'autostart', 'completion'].map((c) => `export * from './commands/${c}.ts'`).join('\n'),
      resolveDir: SRC,
      sourcefile: 'commands-bundle.ts',
      loader: 'ts',
    },
    outfile: path.join(OUT, 'commands.cjs'),
    plugins: [split('commands')],
    banner: { js: metaUrl },
  }),
  build({ ...common, entryPoints: [ERRORS], outfile: path.join(OUT, 'errors.cjs'), plugins: [split(ERRORS)] }),
])
