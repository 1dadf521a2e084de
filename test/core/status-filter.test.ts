import { describe, expect, it } from 'vitest'
import { isFilterEmpty, parseStatusFilter, passesFilter, splitValues, type StatusFilter } from '../../src/core/status-filter.ts'

const URL = 'https://corp.awsapps.com/start'
const profiles = [
  { ssoSession: 'corp', startUrl: URL, accountId: '111111111111' },
  { ssoSession: null, startUrl: 'https://old.awsapps.com/start/', accountId: '222222222222' },
  { ssoSession: null, startUrl: null, accountId: null },
]
const filter = (f: Partial<StatusFilter>): StatusFilter => ({ sessions: [], states: [], accounts: [], ...f })

describe('splitValues', () => {
  it('splits repeated and comma-separated values, trims them and drops empty pieces', () => {
    expect(splitValues([' valid , expired', 'missing,,', '', ' ,'])).toEqual(['valid', 'expired', 'missing'])
    expect(splitValues(undefined)).toEqual([])
  })
})

describe('parseStatusFilter', () => {
  it('accepts known states, sessions (by name or start URL) and accounts', () => {
    expect(parseStatusFilter({ state: ['valid,expired'], session: ['corp', `${URL}/`], account: ['222222222222'] }, profiles)).toEqual({
      filter: { sessions: ['corp', `${URL}/`], states: ['valid', 'expired'], accounts: ['222222222222'] },
    })
  })

  it('names the unknown value, with a suggestion only when one is close', () => {
    const parse = (raw: Parameters<typeof parseStatusFilter>[0]) => parseStatusFilter(raw, profiles)
    expect(parse({ state: ['expird'] })).toEqual({
      error: 'unknown state "expird" — did you mean expired? (states: valid, refreshable, expiring, expired, missing, invalid)',
    })
    expect(parse({ state: ['broken'] })).toEqual({ error: 'unknown state "broken" (states: valid, refreshable, expiring, expired, missing, invalid)' })
    expect(parse({ session: ['crop'] })).toEqual({ error: 'no profile uses the sso-session or start URL "crop" — did you mean corp?' })
    expect(parse({ session: ['elsewhere'] })).toEqual({ error: 'no profile uses the sso-session or start URL "elsewhere"' })
    expect(parse({ account: ['111111111112'] })).toEqual({ error: 'no profile uses account "111111111112" — did you mean 111111111111?' })
    expect(parse({ account: ['999'] })).toEqual({ error: 'no profile uses account "999"' })
  })

  it('matches a start URL with or without a trailing "/", "//", "#" or "#/", but a session name only exactly', () => {
    for (const s of [URL, `${URL}/`, `${URL}//`, `${URL}#`, `${URL}#/`, 'https://old.awsapps.com/start']) {
      expect(parseStatusFilter({ session: [s] }, profiles), s).toHaveProperty('filter')
    }
    for (const s of ['corp/', 'corp#', `${URL.slice(0, -3)}#art`, `${URL}/x`]) {
      expect(parseStatusFilter({ session: [s] }, profiles), s).toHaveProperty('error')
    }
  })
})

describe('isFilterEmpty', () => {
  it('is empty only with no session, no state and no account', () => {
    expect(isFilterEmpty(filter({}))).toBe(true)
    expect(isFilterEmpty(filter({ sessions: ['corp'] }))).toBe(false)
    expect(isFilterEmpty(filter({ states: ['valid'] }))).toBe(false)
    expect(isFilterEmpty(filter({ accounts: ['1'] }))).toBe(false)
  })
})

describe('passesFilter', () => {
  const [corp, old, plain] = profiles as [(typeof profiles)[0], (typeof profiles)[0], (typeof profiles)[0]]

  it('any value of one option matches', () => {
    expect(passesFilter(filter({ sessions: ['other', 'corp'] }), corp, 'valid')).toBe(true)
    expect(passesFilter(filter({ sessions: ['https://old.awsapps.com/start'] }), old, 'valid')).toBe(true)
    expect(passesFilter(filter({ sessions: ['corp'] }), old, 'valid')).toBe(false)
    expect(passesFilter(filter({ states: ['expired', 'valid'] }), corp, 'valid')).toBe(true)
    expect(passesFilter(filter({ accounts: ['2', '111111111111'] }), corp, null)).toBe(true)
  })

  it('all options must match; a profile without state, session or account fails the option that asks for one', () => {
    expect(passesFilter(filter({ sessions: ['corp'], states: ['valid'] }), corp, 'expired')).toBe(false)
    expect(passesFilter(filter({ states: ['valid'] }), plain, null)).toBe(false)
    expect(passesFilter(filter({ accounts: ['111111111111'] }), plain, null)).toBe(false)
    expect(passesFilter(filter({ sessions: ['corp'] }), plain, null)).toBe(false)
    expect(passesFilter(filter({}), plain, null)).toBe(true)
  })
})
