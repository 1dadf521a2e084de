// The seams between the pure core and the world. Adapters implement these; tests pass fakes.

export interface Files {
  /** File bytes, or undefined when the file does not exist. Other errors name the path. */
  readBytes(path: string): Promise<Uint8Array | undefined>
}

export interface Clock {
  now(): number
}

export interface RunOptions {
  timeoutMs?: number
  env?: Readonly<Record<string, string | undefined>>
  /** Replace the environment instead of extending process.env. */
  extendEnv?: boolean
}

export interface RunResult {
  exitCode: number | undefined
  stdout: string
  stderr: string
  timedOut: boolean
  /** The executable was not found. */
  notFound: boolean
}

export interface ProcessRunner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<RunResult>
}

export interface Output {
  stdout(text: string): void
  stderr(text: string): void
  isTTY: boolean
}

export interface Clipboard {
  write(text: string): Promise<void>
}

export interface Browser {
  open(url: string): Promise<void>
}
