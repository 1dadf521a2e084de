// The Files adapter on a real file system: a missing file is undefined (found without an
// exception), anything else that cannot be read is a FileError naming the path and the cause.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFiles } from '../../src/adapters/files.ts'
import { FileError } from '../../src/errors.ts'

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-files-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const files = createFiles()

describe('createFiles().readBytes', () => {
  it('reads a file as it is, bytes and all', async () => {
    const file = path.join(root, 'config')
    writeFileSync(file, Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0x0a, 0xff]))
    expect(await files.readBytes(file)).toEqual(Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0x0a, 0xff]))
  })

  it('reads an empty file as no bytes, not as a missing one', async () => {
    const file = path.join(root, 'empty')
    writeFileSync(file, '')
    expect(await files.readBytes(file)).toEqual(Buffer.alloc(0))
  })

  it.each([
    ['a missing file', 'nothing-here'],
    ['a file in a missing folder', 'no-folder/config'],
    ['a path through a file (ENOTDIR)', 'a-file/config'],
    ['a dangling symlink', 'dangling'],
  ])('gives undefined for %s', async (_, name) => {
    writeFileSync(path.join(root, 'a-file'), 'x')
    symlinkSync(path.join(root, 'gone'), path.join(root, 'dangling'))
    try {
      await expect(files.readBytes(path.join(root, name))).resolves.toBeUndefined()
    } finally {
      rmSync(path.join(root, 'dangling'))
    }
  })

  it('rejects a folder with a FileError naming it and EISDIR', async () => {
    const dir = path.join(root, 'folder')
    mkdirSync(dir)
    const error: unknown = await files.readBytes(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FileError)
    expect((error as FileError).message).toBe(`cannot read ${dir} (EISDIR)`)
  })

  it('rejects a symlink loop with the read error (ELOOP), not as missing', async () => {
    const loop = path.join(root, 'loop')
    symlinkSync(loop, loop)
    const error: unknown = await files.readBytes(loop).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FileError)
    expect((error as FileError).message).toBe(`cannot read ${loop} (ELOOP)`)
  })
})
