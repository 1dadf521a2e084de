// The seams between the pure core and the world. Adapters implement these; tests pass fakes.

import type { MenuAction, MenuModel } from './tray/menu.ts'

export interface Files {
  /** File bytes, or undefined when the file does not exist. Other errors name the path. */
  readBytes(path: string): Promise<Uint8Array | undefined>
}

export interface Clock {
  now(): number
}

/** One timer (setTimeout/clearTimeout behind it); tests fire it by hand. */
export interface Timer {
  set(fn: () => void, ms: number): unknown
  clear(handle: unknown): void
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
  /** The terminal's width when stdout is one; tables fit it (pipes get full rows). */
  columns?: number
}

export interface Clipboard {
  write(text: string): Promise<void>
}

export interface Browser {
  open(url: string): Promise<void>
}

/** The tray icon and its menu (systray2's helper, or the native D-Bus StatusNotifierItem). */
export interface Tray {
  render(model: MenuModel): void
  onAction(listener: (action: MenuAction) => void): void
  dispose(): Promise<void>
}

/** Desktop notifications with actions. */
export interface NoticeButton {
  id: string
  label: string
}

export interface NotifyRequest {
  title: string
  body: string
  /** The first is the default (a click on the body). */
  buttons: readonly NoticeButton[]
  urgency: 'low' | 'normal' | 'critical'
  iconPath: string | null
  /**
   * Notices with the same key replace each other: where the server supports it (D-Bus
   * replaces_id) in place, elsewhere the previous one is closed and the new one shown.
   */
  replaceKey?: string
}

export interface NoticeHandle {
  /** Takes the notice off the screen if it is still there (it no longer applies). */
  close(): void
}

export interface Notifier {
  notify(n: NotifyRequest, onAction: (id: string) => void): NoticeHandle
  /** Closes what is still shown (its buttons would reach nobody) and stops waiting. */
  dispose(): void
}

/** One HTTPS GET with a deadline (the console's federation endpoint). */
export interface HttpClient {
  get(url: string, timeoutMs: number): Promise<{ status: number; body: string }>
}
