// Every notification the tray sends, word for word: title, body, buttons (the first is the click),
// urgency and icon. The shell maps these to the notification server as they are, so a changed word
// or button id is a changed product.

import { describe, expect, it } from 'vitest'
import type { Notice, NoticeKind } from '../../src/core/notify-policy.ts'
import {
  checkSummaryNotice,
  ensureRequestNotice,
  loginFailedNotice,
  loginImpossibleNotice,
  loginVerifiedNotice,
  noConfigNotice,
  policyNotice,
  problemNotice,
  urlReadyNotice,
} from '../../src/core/tray/notice-texts.ts'

const notice = (kind: NoticeKind, group: string | null): Notice => ({ key: 'k', kind, group, profile: group ? 'dev' : null, title: 'T', body: 'B' })
const LOGIN_SNOOZE = [
  { id: 'login', label: 'Log in' },
  { id: 'snooze', label: 'Snooze 1 h' },
]

describe('policy notices', () => {
  it.each([
    ['expiring', 'sso-session:corp', LOGIN_SNOOZE, 'normal', 'expiring'],
    ['expired', 'sso-session:corp', LOGIN_SNOOZE, 'critical', 'login'],
    ['session-ended', 'sso-session:corp', LOGIN_SNOOZE, 'critical', 'login'],
    ['config-error', null, [{ id: 'open-config', label: 'Open AWS config' }], 'critical', 'error'],
    ['summary', null, [], 'critical', 'login'],
  ] as const)('%s (group %s): buttons, urgency %s, icon %s', (kind, group, buttons, urgency, icon) => {
    expect(policyNotice(notice(kind, group))).toEqual({ title: 'T', body: 'B', buttons, urgency, icon })
  })
})

describe('login notices', () => {
  const URL_READY = {
    title: 'AWS SSO: approve the login for corp',
    buttons: [
      { id: 'confirm', label: "I've completed login" },
      { id: 'open', label: 'Open login URL' },
      { id: 'cancel', label: 'Cancel' },
    ],
    urgency: 'normal',
    icon: 'busy',
  }

  it('the URL is ready: compare a prefilled code (the default), type one that is not, no code line without a code', () => {
    const opened = 'The sign-in page is open and its URL is on the clipboard.'
    expect(urlReadyNotice('corp', 'ABCD-EFGH')).toEqual({ ...URL_READY, body: `${opened} Check that the page shows the code ABCD-EFGH.` })
    expect(urlReadyNotice('corp', 'ABCD-EFGH', true)).toEqual({ ...URL_READY, body: `${opened} Check that the page shows the code ABCD-EFGH.` })
    expect(urlReadyNotice('corp', 'ABCD-EFGH', false)).toEqual({ ...URL_READY, body: `${opened} Enter the code ABCD-EFGH on the page.` })
    expect(urlReadyNotice('corp', null, false)).toEqual({ ...URL_READY, body: opened })
    expect(urlReadyNotice('corp', '')).toEqual({ ...URL_READY, body: opened })
  })

  it('verified names the account and every profile the token serves, quietly', () => {
    expect(loginVerifiedNotice('corp', '111111111111', ['dev', 'prod'])).toEqual({
      title: 'AWS SSO: logged in to corp',
      body: 'Verified: account 111111111111. Valid for dev, prod.',
      buttons: [],
      urgency: 'low',
      icon: 'ok',
    })
  })

  it('failed offers to log in again and names the failure class', () => {
    expect(loginFailedNotice('corp', 'access-denied', 'the sign-in was denied')).toEqual({
      title: 'AWS SSO: login to corp failed',
      body: 'the sign-in was denied (access-denied)',
      buttons: [{ id: 'login', label: 'Log in again' }],
      urgency: 'critical',
      icon: 'error',
    })
  })

  it('impossible says why, with nothing to click', () => {
    expect(loginImpossibleNotice('corp', 'aws was not found on PATH')).toEqual({
      title: 'AWS SSO: cannot log in to corp',
      body: 'aws was not found on PATH',
      buttons: [],
      urgency: 'critical',
      icon: 'error',
    })
  })
})

describe('check-all summary', () => {
  const failed = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`)

  it('all verified', () => {
    expect(checkSummaryNotice(4, [])).toEqual({
      title: 'AWS SSO: all 4 profiles verified',
      body: 'Every SSO profile answered aws sts get-caller-identity.',
      buttons: [],
      urgency: 'low',
      icon: 'ok',
    })
  })

  it('names up to six failed profiles; a seventh and more become an ellipsis', () => {
    const spec = (title: string, body: string) => ({ title, body, buttons: [], urgency: 'normal', icon: 'login' })
    expect(checkSummaryNotice(9, failed(1))).toEqual(spec('AWS SSO: 1 of 9 profiles failed', 'p1. Open the tray menu for details.'))
    expect(checkSummaryNotice(9, failed(6))).toEqual(spec('AWS SSO: 6 of 9 profiles failed', 'p1, p2, p3, p4, p5, p6. Open the tray menu for details.'))
    expect(checkSummaryNotice(9, failed(7))).toEqual(spec('AWS SSO: 7 of 9 profiles failed', 'p1, p2, p3, p4, p5, p6, …. Open the tray menu for details.'))
  })
})

describe('other notices', () => {
  it('no config yet names the file and the command that makes one', () => {
    expect(noConfigNotice('/home/u/.aws/config')).toEqual({
      title: 'AWS SSO: no AWS config yet',
      body: '/home/u/.aws/config does not exist. Create a profile with: aws configure sso',
      buttons: [],
      urgency: 'normal',
      icon: 'error',
    })
  })

  it('a problem is shown as given', () => {
    expect(problemNotice('AWS SSO: cannot read settings', 'line 3: bad value')).toEqual({
      title: 'AWS SSO: cannot read settings',
      body: 'line 3: bad value',
      buttons: [],
      urgency: 'normal',
      icon: 'error',
    })
  })

  it('an ensure request names who asks (two by name, then a count) and each profile once', () => {
    const spec = (body: string) => ({
      title: 'AWS SSO: log in to corp?',
      body,
      buttons: [
        { id: 'login', label: 'Log in' },
        { id: 'decline', label: 'Not now' },
      ],
      urgency: 'normal',
      icon: 'login',
    })
    expect(ensureRequestNotice('corp', ['dev'], ['make'])).toEqual(spec('make asks for a login of dev.'))
    expect(ensureRequestNotice('corp', ['dev', 'prod', 'dev'], ['make', 'terraform'])).toEqual(spec('make and terraform asks for a login of dev, prod.'))
    expect(ensureRequestNotice('corp', ['dev'], ['make', 'terraform', 'claude'])).toEqual(spec('make, terraform and 1 more asks for a login of dev.'))
    expect(ensureRequestNotice('corp', ['dev'], ['a', 'b', 'c', 'd'])).toEqual(spec('a, b and 2 more asks for a login of dev.'))
  })
})
