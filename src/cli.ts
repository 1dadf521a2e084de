// The composition root for the CLI and the only place that prints errors and sets the exit code.

import { homedir } from 'node:os'
import { createClock } from './adapters/clock.ts'
import { writeErrorLog } from './adapters/error-log.ts'
import { createFiles } from './adapters/files.ts'
import { createProcessOutput } from './adapters/process-output.ts'
import { stateDir } from './adapters/state-store.ts'
import type { CommandContext } from './commands/context.ts'
import { AppError } from './errors.ts'
import { main } from './main.ts'
import { resolveHome } from './settings.ts'

// Tests only: makes the CLI fail as a bug would, to prove the user sees one line and the trace
// lands in the private log (test/integration/fault-matrix.test.ts). Nothing else reads it.
const FORCE_INTERNAL_ERROR = 'AWS_SSO_TRAY_TEST_INTERNAL_ERROR'

{
  const out = createProcessOutput()
  const argv = process.argv.slice(2)
  const ctx: CommandContext = {
    env: process.env,
    home: resolveHome(process.env, process.platform, homedir()),
    platform: process.platform,
    files: createFiles(),
    clock: createClock(),
    out,
  }
  const run = async (): Promise<number> => {
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
      const log = writeErrorLog(stateDir(ctx.env, ctx.home), `--- ${new Date().toISOString()} aws-sso-tray ${command} (pid ${process.pid})\n${trace}\n`)
      const where = log ? `the trace is in ${log}` : 'the trace could not be saved'
      out.stderr(`aws-sso-tray: internal error in "${command}": ${firstLine(what)} (${where}; please report it)\n`)
      process.exitCode = 70
    },
  )
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? ''
}
