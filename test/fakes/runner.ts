// A recording ProcessRunner. Unknown commands throw: a test never falls through to a real process.

import type { ProcessRunner, RunOptions, RunResult } from '../../src/ports.ts'

export type Answer = (args: readonly string[]) => Promise<Partial<RunResult>> | Partial<RunResult>

export function fakeRunner(answers: Record<string, Answer>) {
  const calls: { file: string; args: readonly string[]; options?: RunOptions }[] = []
  let inFlight = 0
  let maxInFlight = 0
  const runner: ProcessRunner = {
    async run(file, args, options) {
      calls.push({ file, args, options })
      const answer = answers[file]
      if (!answer) throw new Error(`fakeRunner: unexpected command ${file} ${args.join(' ')}`)
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      try {
        const r = await answer(args)
        return { exitCode: 0, stdout: '', stderr: '', timedOut: false, notFound: false, ...r }
      } finally {
        inFlight--
      }
    },
  }
  return { runner, calls, maxInFlight: () => maxInFlight }
}
