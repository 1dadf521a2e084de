import type { ProcessRunner, RunResult } from '../ports.ts'

/** execa with argv arrays only, never a shell; failures are data, not exceptions. */
export function createProcessRunner(): ProcessRunner {
  return {
    async run(file, args, options = {}): Promise<RunResult> {
      // Imported on first use so commands that spawn nothing (status) never load execa.
      const { execa } = await import('execa')
      const r = await execa(file, args, {
        reject: false,
        stdin: 'ignore',
        timeout: options.timeoutMs,
        env: options.env,
        extendEnv: options.extendEnv ?? true,
        stripFinalNewline: false,
      })
      return {
        exitCode: r.exitCode,
        stdout: typeof r.stdout === 'string' ? r.stdout : '',
        stderr: typeof r.stderr === 'string' ? r.stderr : '',
        timedOut: r.timedOut,
        notFound: (r.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT',
      }
    },
  } satisfies ProcessRunner
}
