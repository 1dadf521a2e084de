import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { watchPaths } from '../../src/adapters/watcher.ts'

const root = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-watch-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('watchPaths', () => {
  it('reports a first login (cache folder created later), a replaced config, and ignores neighbours', async () => {
    const aws = path.join(root, '.aws')
    mkdirSync(aws)
    writeFileSync(path.join(aws, 'config'), '[profile a]\n')
    let changes = 0
    const w = watchPaths(
      [{ path: path.join(aws, 'sso', 'cache'), folder: true }, { path: path.join(aws, 'config'), folder: false }],
      50, () => changes++, () => undefined,
    )
    try {
      writeFileSync(path.join(aws, 'unrelated.txt'), 'x') // a neighbour in ~/.aws
      await sleep(200)
      expect(changes).toBe(0)
      mkdirSync(path.join(aws, 'sso', 'cache'), { recursive: true })
      await sleep(200)
      expect(changes).toBe(1)
      writeFileSync(path.join(aws, 'sso', 'cache', 'abc.json'), '{}') // now watched inside the new folder
      writeFileSync(path.join(aws, 'sso', 'cache', 'def.json'), '{}')
      await sleep(200)
      expect(changes).toBe(2) // one burst, one call
      writeFileSync(path.join(aws, 'config.tmp'), '[profile b]\n')
      const { renameSync } = await import('node:fs')
      renameSync(path.join(aws, 'config.tmp'), path.join(aws, 'config')) // how editors save
      await sleep(200)
      expect(changes).toBe(3)
    } finally {
      w.close()
    }
  })
})
