// Bundles the CLI into CommonJS files. Node starts a single CJS file ~40 ms faster than a tree of
// ES modules on these machines (no ESM loader, no per-file resolution), and `status` must stay
// close to a bare `node -e ''`. Third-party packages stay external and are imported lazily by the
// commands that need them.
//
// Two files, so `status` compiles only what it runs (compiling one 240 KB bundle cost ~4 ms of
// CPU on every start):
//   dist/cli.cjs       the entry: argv parsing, `status`, error reporting
//   dist/commands.cjs  every other command (and status --line-path), loaded on first use
// The error classes live in cli.cjs, which hands them to commands.cjs when it loads it, so
// `instanceof` holds across the two (a third file for them cost ~0.6 ms to load on every start).
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

// How cli.cjs hands its error classes to commands.cjs (set before commands.cjs is loaded).
const SHARED = `globalThis[Symbol.for('aws-sso-tray.errors')]`

/** In cli.cjs, lazy imports of LAZY modules read commands.cjs; in commands.cjs, src/errors.ts is cli.cjs's. */
const split = (entry) => ({
  name: 'split',
  setup(b) {
    if (entry === 'commands') {
      b.onResolve({ filter: /errors\.ts$/ }, (args) =>
        path.resolve(args.resolveDir, args.path) === ERRORS ? { path: 'errors', namespace: 'shared' } : undefined,
      )
      b.onLoad({ filter: /.*/, namespace: 'shared' }, () => ({
        contents: `const errors = ${SHARED}\nif (!errors) throw new Error('dist/commands.cjs is loaded by dist/cli.cjs only')\nmodule.exports = errors\n`,
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
])
