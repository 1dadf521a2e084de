// The README's settings table is the option table's, word for word: one table drives both.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'
import { settingsMarkdownTable } from '../src/settings-options.ts'

it('the README lists every setting exactly as the option table describes it', () => {
  const readme = readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8')
  expect(readme).toContain(settingsMarkdownTable())
})
