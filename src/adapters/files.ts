import { readFileSync } from 'node:fs'
import type { Files } from '../ports.ts'
import { FileError } from '../errors.ts'

export function createFiles(): Files {
  return {
    // Synchronous on purpose: config and token files are a few KB, and for the 50 reads of a large
    // `status` the promise-based FileHandle path cost ~4x the time in open/fstat/close round trips.
    readBytes(path) {
      try {
        return Promise.resolve(readFileSync(path))
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') return Promise.resolve(undefined)
        return Promise.reject(new FileError(path, error))
      }
    },
  } satisfies Files
}
