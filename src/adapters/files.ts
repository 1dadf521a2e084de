import { readFile } from 'node:fs/promises'
import type { Files } from '../ports.ts'
import { FileError } from '../errors.ts'

export function createFiles(): Files {
  return {
    async readBytes(path) {
      try {
        return await readFile(path)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
        throw new FileError(path, error)
      }
    },
  } satisfies Files
}
