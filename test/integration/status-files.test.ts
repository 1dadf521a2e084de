import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStatusFiles, statusJsonPath, statusLinePath, writeAtomically } from '../../src/adapters/status-files.ts'

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-status-files-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('status files', () => {
  it('writes both files 0600, replaces them whole, leaves no temp files, and removes them', () => {
    const dir = mkdtempSync(path.join(root, 'a-'))
    const files = createStatusFiles(dir)
    files.write('aws ✓', '{"profiles":[]}')
    expect(readFileSync(statusLinePath(dir), 'utf8')).toBe('aws ✓\n')
    expect(readFileSync(statusJsonPath(dir), 'utf8')).toBe('{"profiles":[]}\n')
    expect(lstatSync(statusLinePath(dir)).mode & 0o777).toBe(0o600)
    const inode = lstatSync(statusLinePath(dir)).ino
    files.write('aws ✓', '{"profiles":[]}') // unchanged: not rewritten
    expect(lstatSync(statusLinePath(dir)).ino).toBe(inode)
    files.write('aws ✕ corp', '{"profiles":[1]}')
    expect(readFileSync(statusLinePath(dir), 'utf8')).toBe('aws ✕ corp\n')
    expect(lstatSync(statusLinePath(dir)).ino).not.toBe(inode) // a new file renamed over the old
    expect(readdirSync(dir).sort()).toEqual(['status.json', 'status.line'])
    files.remove()
    expect(readdirSync(dir)).toEqual([])
  })

  it('replaces a planted symlink instead of writing through it', () => {
    const dir = mkdtempSync(path.join(root, 'b-'))
    const target = path.join(root, 'victim.txt')
    writeFileSync(target, 'keep me')
    symlinkSync(target, statusLinePath(dir))
    writeAtomically(statusLinePath(dir), 'aws ✓\n')
    expect(readFileSync(target, 'utf8')).toBe('keep me')
    expect(lstatSync(statusLinePath(dir)).isSymbolicLink()).toBe(false)
  })
})
