// Bundles the CLI into CommonJS files. Node starts a single CJS file ~40 ms faster than a tree of
// ES modules on these machines (no ESM loader, no per-file resolution), and `status` must stay
// close to a bare `node -e ''`. Third-party packages stay external and are imported lazily by the
// commands that need them.
//
// Three files, so `status` compiles only what it runs (compiling one 240 KB bundle cost ~4 ms of
// CPU on every start):
//   dist/cli.cjs       the entry: argv parsing, `status`, error reporting
//   dist/commands.cjs  every other command (and status --line-path), loaded on first use
//   dist/errors.cjs    the error classes, shared by both so `instanceof` holds across them
import path from 'node:path'
import { build } from 'esbuild'

const SRC = path.resolve(import.meta.dirname, '..', 'src')
// An output folder other than dist/ (node scripts/build.mjs /tmp/x) tries a build without
// replacing the bundles that running tests use.
const OUT = process.argv[2] ?? 'dist'
const ERRORS = path.join(SRC, 'errors.ts')
// Modules that code in cli.cjs imports lazily (every command but status, and what status loads
// only for --line-path) are found by a first pass and go to commands.cjs, each exported under its
// own name so that equal export names cannot clash.
const KEEP = new Set(['commands/status'])
const moduleOf = (args) => path.relative(SRC, path.resolve(args.resolveDir, args.path)).replace(/\.ts$/, '')
const lazyName = (m) => m.replace(/\W/g, '_')
const LAZY = []
await build({
  entryPoints: ['src/cli.ts'], bundle: true, platform: 'node', format: 'cjs', packages: 'external', write: false, logLevel: 'error', outfile: 'x.cjs',
  plugins: [{
    name: 'find-lazy',
    setup(b) {
      b.onResolve({ filter: /\.ts$/ }, (args) => {
        if (args.kind !== 'dynamic-import' || KEEP.has(moduleOf(args))) return undefined
        if (!LAZY.includes(moduleOf(args))) LAZY.push(moduleOf(args))
        return { path: args.path, external: true }
      })
    },
  }],
})

/** Imports of src/errors.ts become require('./errors.cjs'); in cli.cjs, lazy imports of LAZY modules read commands.cjs. */
const split = (entry) => ({
  name: 'split',
  setup(b) {
    b.onResolve({ filter: /errors\.ts$/ }, (args) =>
      entry !== ERRORS && path.resolve(args.resolveDir, args.path) === ERRORS ? { path: './errors.cjs', external: true } : undefined)
    if (entry !== 'cli') return
    b.onResolve({ filter: /\.ts$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined
      return LAZY.includes(moduleOf(args)) ? { path: moduleOf(args), namespace: 'lazy' } : undefined
    })
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({ contents: `module.exports = require('./commands.cjs').${lazyName(args.path)}`, loader: 'js' }))
    b.onResolve({ filter: /^\.\/commands\.cjs$/ }, () => ({ path: './commands.cjs', external: true }))
  },
})

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  // import.meta.url is worked out on first use (status never needs it); import.meta.filename is
  // the bundle's own path.
  define: { 'import.meta.url': '__meta.url', 'import.meta.filename': '__meta.filename' },
  logLevel: 'warning',
}
// Every bundle resolves import.meta as the entry's: assets, package.json and the autostart entry's
// target are found from dist/cli.cjs whichever file the code landed in.
const meta = 'const __meta = { filename: require("node:path").join(__dirname, "cli.cjs"), get url() { return require("node:url").pathToFileURL(this.filename).href } };'

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: path.join(OUT, 'cli.cjs'),
    plugins: [split('cli')],
    banner: { js: `#!/usr/bin/env node\n${meta}` },
  }),
  build({
    ...common,
    stdin: {
      contents: LAZY.map((m) => `export * as ${lazyName(m)} from './${m}.ts'`).join('\n'),
      resolveDir: SRC,
      sourcefile: 'commands-bundle.ts',
      loader: 'ts',
    },
    outfile: path.join(OUT, 'commands.cjs'),
    plugins: [split('commands')],
    banner: { js: meta },
  }),
  build({ ...common, entryPoints: [ERRORS], outfile: path.join(OUT, 'errors.cjs'), plugins: [split(ERRORS)] }),
])
