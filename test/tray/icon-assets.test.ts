import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ICON_NAMES, iconFile } from '../../src/tray/icons.ts'

const ASSETS = path.join(import.meta.dirname, '../../assets')

describe('icon assets', () => {
  it('are exactly what scripts/gen-icons.mjs draws (committed and reproducible)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'aws-sso-tray-icons-'))
    try {
      execFileSync(process.execPath, [path.join(import.meta.dirname, '../../scripts/gen-icons.mjs'), out], { stdio: 'ignore' })
      const files = readdirSync(out).sort()
      expect(files).toEqual(readdirSync(ASSETS).sort())
      for (const f of files) expect(readFileSync(path.join(out, f)).equals(readFileSync(path.join(ASSETS, f))), f).toBe(true)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })

  it('name exactly the icons drawn: none missing, none extra', () => {
    const drawn = new Set(readdirSync(ASSETS).map((f) => f.replace(/(-template)?\.(png|ico)$/, '')))
    expect([...ICON_NAMES].sort()).toEqual([...drawn].sort())
  })

  it('exist for every icon on every platform, as PNG or ICO', () => {
    for (const name of ICON_NAMES) {
      for (const platform of ['linux', 'darwin', 'win32'] as const) {
        const bytes = readFileSync(path.join(ASSETS, iconFile(name, platform)))
        if (platform === 'win32') expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0])
        else expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
      }
    }
  })
})
