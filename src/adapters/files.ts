import { existsSync, readFileSync, statSync } from 'node:fs'
import type { Files } from '../ports.ts'
import { FileError } from '../errors.ts'

export function createFiles(): Files {
  return {
    // Synchronous on purpose: config and token files are a few KB, and for the 50 reads of a large
    // `status` the promise-based FileHandle path cost ~4x the time in open/fstat/close round trips.
    readBytes(path) {
      try {
        // A missing file (no settings file, no sessions.json: the usual case) is found without an
        // exception: the first one a process throws costs ~0.1 ms.
        if (!existsSync(path) && isMissing(path)) return Promise.resolve(undefined)
        return Promise.resolve(readFileSync(path))
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') return Promise.resolve(undefined)
        return Promise.reject(new FileError(path, error))
      }
    },
  } satisfies Files
}

/** No such file; false when that cannot be told (no permission, a loop): the read then says why. */
function isMissing(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) === undefined
  } catch {
    return false
  }
}
