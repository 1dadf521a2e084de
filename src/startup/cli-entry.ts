// The `aws-sso-tray` command (dist/cli.cjs): runs the app bundle, dist/main.cjs, compiled with
// V8's code cache (src/adapters/code-cache.ts). Compiling main.cjs from scratch cost ~3 ms of
// every `status` run (a bare Node start is ~23 ms); with the cache, ~0.6 ms.
//
// The cache is saved after a `status` report that found none (or one V8 rejected), so it also
// holds the functions that run compiled on first use; the other commands use it as it is. Node
// 22.1+ has module.enableCompileCache(), but it saves a module's code before it runs (no lazily
// compiled functions): measured on Node 22, CPU over a bare start at 20 and 1,000 profiles is
// 1.17x and 1.42x this way, 1.23x and 1.56x that way (1.29x and 1.56x with no cache).
//
// This file is bundled as CommonJS: require, module and __dirname are its own.

import { readFileSync } from 'node:fs'
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
  const home = resolveHome(env, process.platform, '')
  // Without HOME or XDG_CACHE_HOME, no cache: finding a home then would load node:os (~0.2 ms) on every start.
  const cache = env.XDG_CACHE_HOME || home ? openCodeCache(parseCacheDir(env, home), app, APP_BUILD, `${process.version} ${process.arch}`, Date.now) : undefined
  // main.cjs is the function Node would wrap a CommonJS module in (scripts/build.mjs).
  const script = new Script(readFileSync(app, 'utf8'), { filename: app, cachedData: cache?.data })
  if (cache && (cache.data === undefined || script.cachedDataRejected === true) && isStatusReport(process.argv.slice(2))) {
    // A finished run (exit 0 or 1): not a usage error that compiled next to nothing.
    process.once('exit', (code) => {
      if (code === 0 || code === 1) cache.save(() => script.createCachedData())
    })
  }
  const run = script.runInThisContext() as (exports: unknown, req: NodeJS.Require, mod: NodeJS.Module, filename: string, dirname: string) => void
  run.call(module.exports, module.exports, require, module, app, __dirname)
}

/** `status` printing profiles, not its help, the version or the line's path: the cache then holds the code a report runs. */
function isStatusReport(args: readonly string[]): boolean {
  return args[0] === 'status' && !args.some((a) => /^-(h|v|-help|-version|-line-path)$/.test(a))
}
