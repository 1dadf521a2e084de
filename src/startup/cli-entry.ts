// The `aws-sso-tray` command (dist/cli.cjs): runs the app bundle, dist/main.cjs, compiled with
// V8's code cache (src/adapters/code-cache.ts). Compiling main.cjs from scratch cost ~3 ms of
// every `status` run (a bare Node start is ~23 ms); with the cache, ~0.6 ms.
//
// The cache is saved after a `status` run that found none (or one V8 rejected), so it also holds
// the functions that run compiled on first use; the other commands use it as it is. Node 22.1+
// has module.enableCompileCache(), but it saves a module's code before it runs (no lazily
// compiled functions): measured, this is faster on 22 as well.
//
// This file is bundled as CommonJS: require, module and __dirname are its own.

import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { Script } from 'node:vm'
import { openCodeCache } from '../adapters/code-cache.ts'
import { parseCacheDir } from '../adapters/parse-cache.ts'
import { resolveHome } from '../settings.ts'

/** A hash of dist/main.cjs, put here by scripts/build.mjs. */
declare const APP_BUILD: string

const app = join(__dirname, 'main.cjs')
{
  const env = process.env
  const cache = openCodeCache(
    parseCacheDir(env, resolveHome(env, process.platform, '') || homedir()),
    app,
    APP_BUILD,
    `${process.version} ${process.arch}`,
    Date.now,
  )
  // The wrapper Node puts around a CommonJS module, on the bundle's first line (traces keep its line numbers).
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(app, 'utf8')}\n})`
  const script = new Script(source, { filename: app, cachedData: cache?.data })
  if (cache && (cache.data === undefined || script.cachedDataRejected === true) && process.argv[2] === 'status') {
    // A finished status run (exit 0 or 1): not a usage error that compiled next to nothing.
    process.once('exit', (code) => {
      if (code === 0 || code === 1) cache.save(script.createCachedData())
    })
  }
  const run = script.runInThisContext() as (exports: unknown, req: NodeJS.Require, mod: NodeJS.Module, filename: string, dirname: string) => void
  run.call(module.exports, module.exports, require, module, app, __dirname)
}
