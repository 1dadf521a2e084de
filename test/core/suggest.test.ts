import { describe, expect, it } from 'vitest'
import { closest, editDistance } from '../../src/core/suggest.ts'

describe('editDistance', () => {
  it('counts inserts, deletes, substitutions and one swap of neighbours as one edit each', () => {
    expect(editDistance('status', 'status')).toBe(0)
    expect(editDistance('stauts', 'status')).toBe(1)
    expect(editDistance('statu', 'status')).toBe(1)
    expect(editDistance('statuss', 'status')).toBe(1)
    expect(editDistance('statis', 'status')).toBe(1)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })

  it('counts edits at the start, and against an empty word, in full', () => {
    expect(editDistance('ab', 'b')).toBe(1)
    expect(editDistance('xstatus', 'status')).toBe(1)
    expect(editDistance('status', '')).toBe(6)
  })

  it('takes a swap only of two neighbours that trade places (restricted: no edit inside a swap)', () => {
    expect(editDistance('status', 'tray')).toBe(5)
    expect(editDistance('ab', 'ca')).toBe(2)
    expect(editDistance('ca', 'abc')).toBe(3)
  })
})

describe('closest', () => {
  const commands = ['tray', 'status', 'check', 'login', 'doctor', 'autostart', 'completion']
  it('finds the intended word for common typos', () => {
    expect(closest('stauts', commands)).toBe('status')
    expect(closest('lgoin', commands)).toBe('login')
    expect(closest('Doctor', commands)).toBe('doctor')
    expect(closest('prdo-admin', ['dev-admin', 'prod-admin', 'prod-read'])).toBe('prod-admin')
    expect(closest('jsno', ['json', 'help', 'version'])).toBe('json')
  })
  it('offers nothing when no word is close (a third of the length, at least one edit)', () => {
    expect(closest('deploy', commands)).toBeUndefined()
    expect(closest('x', commands)).toBeUndefined()
    expect(closest('nope', ['dev', 'prod', 'old', 'plain'])).toBeUndefined()
    expect(closest('abc', [])).toBeUndefined()
  })
  it('allows up to a third of the word in edits: two for a word of six letters, not three', () => {
    expect(closest('dactar', ['doctor'])).toBe('doctor')
    expect(closest('dactam', ['doctor'])).toBeUndefined()
    expect(closest('prdo-admn', ['prod-admin'])).toBe('prod-admin')
  })
  it('prefers the nearer candidate, then the first listed', () => {
    expect(closest('chek', ['check', 'cheek'])).toBe('check')
    expect(closest('prod-admn', ['prod-admin', 'prod-admins'])).toBe('prod-admin')
  })
})
