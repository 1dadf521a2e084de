// The composition root for the CLI and the only place that prints errors and sets the exit code.

import { homedir } from 'node:os'
import { createClock } from './adapters/clock.ts'
import { createFiles } from './adapters/files.ts'
import type { CommandContext } from './commands/context.ts'
import { AppError } from './errors.ts'
import { main } from './main.ts'
import type { Output } from './ports.ts'
import { resolveHome } from './settings.ts'

function processOutput(): Output {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
  }
}

{
  const out = processOutput()
  const ctx: CommandContext = {
    env: process.env,
    home: resolveHome(process.env, process.platform, homedir()),
    platform: process.platform,
    files: createFiles(),
    clock: createClock(),
    out,
  }
  main(process.argv.slice(2), ctx).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      if (error instanceof AppError) {
        out.stderr(`aws-sso-tray: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`)
        process.exitCode = error.exitCode
      } else {
        out.stderr(`aws-sso-tray: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
        process.exitCode = 70
      }
    },
  )
}
