// Recording fakes for the command context: files in memory, a fixed clock, captured output.

import type { CommandContext } from '../../src/commands/context.ts'
import type { Files } from '../../src/ports.ts'

export function memoryFiles(tree: Record<string, string | Uint8Array>): Files & { reads: string[] } {
  const reads: string[] = []
  return {
    reads,
    readBytes(path) {
      reads.push(path)
      const v = Object.hasOwn(tree, path) ? tree[path] : undefined
      return Promise.resolve(typeof v === 'string' ? new TextEncoder().encode(v) : v)
    },
  }
}

export interface FakeContext extends CommandContext {
  stdout: string[]
  stderr: string[]
  files: ReturnType<typeof memoryFiles>
}

export function fakeContext(tree: Record<string, string | Uint8Array>, now: number, env: Record<string, string> = {}): FakeContext {
  const stdout: string[] = []
  const stderr: string[] = []
  return {
    env: { HOME: '/home/u', ...env },
    home: '/home/u',
    platform: 'linux',
    files: memoryFiles(tree),
    clock: { now: () => now },
    out: { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), isTTY: false },
    stdout,
    stderr,
  }
}
