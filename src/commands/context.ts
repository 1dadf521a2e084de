// What every command receives from the composition root (src/cli.ts). Tests build the same
// object from fakes.

import type { Clock, Files, Output } from '../ports.ts'
import type { Env } from '../settings.ts'

export interface CommandContext {
  env: Env
  home: string
  platform: NodeJS.Platform
  files: Files
  clock: Clock
  out: Output
}
