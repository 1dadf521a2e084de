import { describe, expect, it } from 'vitest'
import { isoTime } from '../../src/core/iso-time.ts'

// Date's own text is the reference: isoTime must never differ from it.
const reference = (ms: number) => new Date(ms).toISOString()

describe('isoTime', () => {
  it.each([
    ['the epoch', 0],
    ['its first millisecond', 1],
    ['a day less a millisecond', 86_399_999],
    ['a whole day', 86_400_000],
    ['2000-02-29, a leap day of a 400-year century', Date.UTC(2000, 1, 29, 23, 59, 59, 999)],
    ['2100-02-28, in a century without 29 February', Date.UTC(2100, 1, 28, 12)],
    ['2100-03-01', Date.UTC(2100, 2, 1)],
    ['31 December of a leap year', Date.UTC(2024, 11, 31, 1, 2, 3, 4)],
    ['1 January', Date.UTC(2027, 0, 1)],
    ['milliseconds 10 and 100', Date.UTC(2026, 10, 28, 17, 5, 12, 10)],
    ['milliseconds 100', Date.UTC(2026, 10, 28, 17, 5, 12, 100)],
    ['the last instant of year 9999', 253_402_300_799_999],
  ])('%s: the same text as Date', (_, ms) => {
    expect(isoTime(ms)).toBe(reference(ms))
  })

  it('pads each field to its width', () => {
    expect(isoTime(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02T03:04:05.006Z')
    expect(isoTime(Date.UTC(2026, 11, 31, 23, 59, 58, 987))).toBe('2026-12-31T23:59:58.987Z')
  })

  it('gives the same text as Date for 20,000 instants spread over 1970 to 9999', () => {
    // A fixed sequence (no Math.random): a failure names the same instant every run.
    let x = 12_345
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648
      const ms = Math.floor((x / 2_147_483_648) * 253_402_300_800_000)
      expect(isoTime(ms)).toBe(reference(ms))
    }
  })

  it.each([
    ['before 1970', -1],
    ['in year 0000', -62_167_219_200_000],
    ['after year 9999 (six digits)', 253_402_300_800_000],
    ['a fraction of a millisecond', 1.5],
    ['the largest time', 8.64e15],
  ])('leaves instants %s to Date', (_, ms) => {
    expect(isoTime(ms)).toBe(reference(ms))
  })

  it('throws RangeError where Date does (NaN, beyond its range)', () => {
    expect(() => isoTime(Number.NaN)).toThrow(RangeError)
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError)
  })
})
