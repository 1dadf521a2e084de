// The CLI's stdout and stderr. Pipes, files and /dev/null get plain write(2) calls: creating
// process.stdout loads Node's stream modules (~1.5 ms for a file, ~2.6 ms for a pipe), a large
// share of a `status` run. Terminals (and other character devices) keep Node's streams, which know
// the width and whether colours apply.
//
// Either way the output survives a reader going away (`status --json | head -c 300`): once a
// write fails (EPIPE), further text for that stream is dropped and the command ends with its
// normal exit code.

import { fstatSync, statSync, writeSync } from 'node:fs'
import type { Output } from '../ports.ts'

type Name = 'stdout' | 'stderr'
type Mode = 'direct' | 'stream' | 'closed'

export function createProcessOutput(): Output {
  const stdout = writer('stdout', 1)
  const isTTY = stdout.mode() === 'stream' && process.stdout.isTTY === true
  return {
    stdout: stdout.write,
    stderr: writer('stderr', 2).write,
    isTTY,
    columns: isTTY ? process.stdout.columns : undefined,
  }
}

function writer(name: Name, fd: 1 | 2): { write: (text: string) => void; mode: () => Mode } {
  let mode: Mode | undefined
  let listening = false
  const decide = (): Mode => (mode ??= isCharacterDevice(fd) ? 'stream' : 'direct')
  const viaStream = (data: string | Uint8Array): void => {
    mode = 'stream'
    if (!listening) {
      listening = true
      process[name].on('error', () => (mode = 'closed'))
    }
    process[name].write(data)
  }
  const write = (text: string): void => {
    const m = decide()
    if (m === 'closed') return
    if (m === 'stream') return viaStream(text)
    // The text is encoded once, into a buffer large enough for any UTF-8 text of its length
    // (writeSync with a string does the same, but then a short write needs the byte length too:
    // Buffer.byteLength cost 0.4 ms at 1,000 profiles).
    const bytes = Buffer.allocUnsafe(text.length * 3)
    const size = bytes.write(text)
    let done = 0
    try {
      while (done < size) done += writeSync(fd, bytes, done, size - done)
    } catch (error) {
      // A non-blocking descriptor (set so by whoever opened it) that is full: Node's stream
      // waits for it. Anything else (EPIPE, EBADF): the reader is gone.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') viaStream(bytes.subarray(done, size))
      else mode = 'closed'
    }
  }
  return { write, mode: decide }
}

/** A terminal or another character device, except /dev/null (where scripts send output they drop). */
function isCharacterDevice(fd: number): boolean {
  try {
    const st = fstatSync(fd)
    return st.isCharacterDevice() && st.rdev !== statSync('/dev/null').rdev
  } catch {
    return false
  }
}
