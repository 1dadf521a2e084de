// The composition root for the CLI and the only place that prints errors and sets the exit code.

import path from 'node:path'
import { createClock } from './adapters/clock.ts'
import { writeErrorLog } from './adapters/error-log.ts'
import { createFiles } from './adapters/files.ts'
import { createParseCache, parseCacheDir, stampOf } from './adapters/parse-cache.ts'
import { createProcessOutput } from './adapters/process-output.ts'
import { stateDir } from './adapters/state-store.ts'
import type { CachingFiles } from './aws/load-profiles.ts'
import type { CommandContext } from './commands/context.ts'
import { AppError } from './errors.ts'
import type { Clock, Files } from './ports.ts'
import { main } from './main.ts'
import { resolveHome } from './settings.ts'

// Tests only: makes the CLI fail as a bug would, to prove the user sees one line and the trace
// lands in the private log (test/integration/fault-matrix.test.ts). Nothing else reads it.
const FORCE_INTERNAL_ERROR = 'AWS_SSO_TRAY_TEST_INTERNAL_ERROR'

{
  const out = createProcessOutput()
  const argv = process.argv.slice(2)
  const clock = createClock()
  let home = ''
  const run = async (): Promise<number> => {
    // HOME is set nearly everywhere: node:os (~0.15 ms to load) only where it is not.
    home = resolveHome(process.env, process.platform, '') || (await import('node:os')).homedir()
    const ctx: CommandContext = {
      env: process.env,
      home,
      platform: process.platform,
      files: argv[0] === 'status' ? withStatusCache(createFiles(), process.env, home, clock) : createFiles(),
      clock,
      out,
    }
    if (process.env[FORCE_INTERNAL_ERROR] === '1') throw new TypeError(`forced by ${FORCE_INTERNAL_ERROR} (a test hook)`)
    return main(argv, ctx)
  }
  run().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      if (error instanceof AppError) {
        out.stderr(`aws-sso-tray: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`)
        process.exitCode = error.exitCode
        return
      }
      // A bug: one line for the user, the trace in a private log for the bug report.
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      const trace = error instanceof Error ? (error.stack ?? what) : what
      const command = argv[0] ?? 'tray'
      // No home (its lookup itself failed): no log, rather than one in the working folder.
      const log = home
        ? writeErrorLog(stateDir(process.env, home), `--- ${new Date().toISOString()} aws-sso-tray ${command} (pid ${process.pid})\n${trace}\n`)
        : undefined
      const where = log ? `the trace is in ${log}` : 'the trace could not be saved'
      out.stderr(`aws-sso-tray: internal error in "${command}": ${firstLine(what)} (${where}; please report it)\n`)
      process.exitCode = 70
    },
  )
}

/**
 * `status` keeps what it parsed for the next run (src/adapters/parse-cache.ts). The entry is tied
 * to this build: the stamps (device, inode, size, times) of dist/cli.cjs, of dist/main.cjs (the
 * parser's bundle) and of package.json.
 */
function withStatusCache(files: Files, env: NodeJS.ProcessEnv, home: string, clock: Clock): CachingFiles {
  const self = import.meta.filename
  const dir = path.dirname(self)
  const build = [self, path.join(dir, 'main.cjs'), path.join(dir, '..', 'package.json')].map((f) => stampOf(f))
  if (build.some((s) => s === undefined || s.key === 'absent')) return files
  return { ...files, profileCache: createParseCache(parseCacheDir(env, home), build.map((s) => s?.key).join('|'), clock) }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? ''
}
