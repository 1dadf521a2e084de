// Bundles the CLI into CommonJS files. Node starts a single CJS file ~40 ms faster than a tree of
// ES modules on these machines (no ESM loader, no per-file resolution), and `status` must stay
// close to a bare `node -e ''`. Third-party packages stay external and are imported lazily by the
// commands that need them.
//
// Three files, so `status` compiles only what it runs (compiling one 240 KB bundle cost ~4 ms of
// CPU on every start), and compiles even that from V8's code cache:
//   dist/cli.cjs       the command: a small loader that runs main.cjs compiled with the code
//                      cache (src/startup/cli-entry.ts), keyed by a hash of main.cjs put in here
//   dist/main.cjs      argv parsing, `status`, error reporting (one function expression)
//   dist/commands.cjs  every other command (and status --line-path), loaded on first use
// The error classes live in main.cjs, which hands them to commands.cjs when it loads it, so
// `instanceof` holds across the two (a third file for them cost ~0.6 ms to load on every start).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const SRC = path.resolve(import.meta.dirname, '..', 'src')
// An output folder other than dist/ (node scripts/build.mjs /tmp/x) tries a build without
// replacing the bundles that running tests use.
const OUT = process.argv[2] ?? 'dist'
const ERRORS = path.join(SRC, 'errors.ts')
// Modules that code in main.cjs imports lazily (every command but status, and what status loads
// only for --line-path) are found by a first pass and go to commands.cjs, each exported under its
// own name so that equal export names cannot clash.
// The status table's modules are imported lazily too (set up only for a table), but stay in main.cjs.
const KEEP = new Set(['commands/status', 'render/status-table', 'render/colour', 'render/text'])
const moduleOf = (args) => path.relative(SRC, path.resolve(args.resolveDir, args.path)).replace(/\.ts$/, '')
const lazyName = (m) => m.replace(/\W/g, '_')
const LAZY = []
await build({
  entryPoints: ['src/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  packages: 'external',
  write: false,
  logLevel: 'error',
  outfile: 'x.cjs',
  plugins: [
    {
      name: 'find-lazy',
      setup(b) {
        b.onResolve({ filter: /\.ts$/ }, (args) => {
          if (args.kind !== 'dynamic-import' || KEEP.has(moduleOf(args))) return undefined
          if (!LAZY.includes(moduleOf(args))) LAZY.push(moduleOf(args))
          return { path: args.path, external: true }
        })
      },
    },
  ],
})

// How main.cjs hands its error classes to commands.cjs (set before commands.cjs is loaded).
const SHARED = `globalThis[Symbol.for('aws-sso-tray.errors')]`

/** In main.cjs, lazy imports of LAZY modules read commands.cjs; in commands.cjs, src/errors.ts is main.cjs's. */
const split = (entry) => ({
  name: 'split',
  setup(b) {
    if (entry === 'commands') {
      b.onResolve({ filter: /errors\.ts$/ }, (args) =>
        path.resolve(args.resolveDir, args.path) === ERRORS ? { path: 'errors', namespace: 'shared' } : undefined,
      )
      b.onLoad({ filter: /.*/, namespace: 'shared' }, () => ({
        contents: `const errors = ${SHARED}\nif (!errors) throw new Error('dist/commands.cjs is loaded by dist/main.cjs only')\nmodule.exports = errors\n`,
        loader: 'js',
      }))
      return
    }
    b.onResolve({ filter: /\.ts$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined
      return LAZY.includes(moduleOf(args)) ? { path: moduleOf(args), namespace: 'lazy' } : undefined
    })
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: `${SHARED} ??= require('./errors.ts')\nmodule.exports = require('./commands.cjs').${lazyName(args.path)}\n`,
      resolveDir: SRC,
      loader: 'js',
    }))
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
const meta =
  'const __meta = { filename: require("node:path").join(__dirname, "cli.cjs"), get url() { return require("node:url").pathToFileURL(this.filename).href } };'

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: path.join(OUT, 'main.cjs'),
    plugins: [split('cli')],
    // One function expression, the wrapper Node puts around a CommonJS module (on the first line:
    // traces keep their line numbers), that dist/cli.cjs compiles and calls: wrapping the text at
    // run time copied 100 KB, which cost a garbage collection at 1,000 profiles.
    banner: { js: `(function (exports, require, module, __filename, __dirname) { ${meta}` },
    footer: { js: '})' },
    // import() of a package (ini) becomes require(): a script compiled from V8's code cache has
    // no callback for import() (Node 20: "A dynamic import callback was not specified"). Packages
    // main.cjs loads must therefore be CommonJS; ESM-only ones belong in commands.cjs.
    supported: { 'dynamic-import': false },
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
])
if (/\bimport\(/.test(readFileSync(path.join(OUT, 'main.cjs'), 'utf8'))) throw new Error('dist/main.cjs must not use import() (see above)')
// The loader, with main.cjs's hash: a code cache made for another main.cjs is never used.
const appBuild = createHash('sha256')
  .update(readFileSync(path.join(OUT, 'main.cjs')))
  .digest('hex')
  .slice(0, 16)
await build({
  ...common,
  entryPoints: ['src/startup/cli-entry.ts'],
  outfile: path.join(OUT, 'cli.cjs'),
  define: { ...common.define, APP_BUILD: JSON.stringify(appBuild) },
  banner: { js: '#!/usr/bin/env node' },
  // Our modules run nothing when imported: what the loader does not call stays out (the settings
  // table behind resolveHome's module, for one).
  plugins: [
    { name: 'pure', setup: (b) => b.onResolve({ filter: /\.ts$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path), sideEffects: false })) },
  ],
})
