// A few named errors; src/cli.ts is the one place that turns them into output and exit codes.

export class AppError extends Error {
  readonly hint: string | undefined
  readonly exitCode: number
  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = new.target.name
    this.hint = options.hint
    this.exitCode = options.exitCode ?? 1
  }
}

/** Bad arguments or an unknown profile name: exit 2. */
export class UsageError extends AppError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: 2 })
  }
}

export class FileError extends AppError {
  readonly path: string
  constructor(path: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'error'
    super(`cannot read ${path} (${code})`, {
      cause,
      hint: code === 'EACCES' || code === 'EPERM' ? `check the permissions of ${path}: it must be readable by you (chmod u+r, as its owner)` : undefined,
    })
    this.path = path
  }
}
