import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { sha1Hex } from '../../src/aws/sha1.ts'

describe('sha1Hex', () => {
  it('equals node:crypto on edge lengths and unicode', () => {
    const inputs = ['', 'a', 'my-sso', 'dév ☃ 𝄞', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(1000)]
    for (const s of inputs) expect(sha1Hex(s)).toBe(createHash('sha1').update(s, 'utf8').digest('hex'))
  })
})
