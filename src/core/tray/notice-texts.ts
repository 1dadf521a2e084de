// The words, buttons, urgency and icon of every notification the tray sends. Pure, so the texts
// are reviewed and tested in one place; step.ts decides when to send them.

import type { Notice } from '../notify-policy.ts'
import type { IconName } from './model.ts'

export interface NoticeSpec {
  title: string
  body: string
  /** The first is the default action (a click on the notice). */
  buttons: Array<{ id: string; label: string }>
  urgency: 'low' | 'normal' | 'critical'
  icon: IconName
}

/** A notice from the policy (expiry, session ended, config error, summary). */
export function policyNotice(n: Notice): NoticeSpec {
  const buttons = n.group
    ? [
        { id: 'login', label: 'Log in' },
        { id: 'snooze', label: 'Snooze 1 h' },
      ]
    : n.kind === 'config-error'
      ? [{ id: 'open-config', label: 'Open AWS config' }]
      : []
  const icon: IconName = n.kind === 'expiring' ? 'expiring' : n.kind === 'config-error' ? 'error' : 'login'
  return { title: n.title, body: n.body, buttons, urgency: n.kind === 'expiring' ? 'normal' : 'critical', icon }
}

/** `prefilled`: the page came with the code filled in (compare it), else the user types it. */
export function urlReadyNotice(session: string, userCode: string | null, prefilled = true): NoticeSpec {
  const code = !userCode ? '' : prefilled ? ` Check that the page shows the code ${userCode}.` : ` Enter the code ${userCode} on the page.`
  return {
    title: `AWS SSO: approve the login for ${session}`,
    body: `The sign-in page is open and its URL is on the clipboard.${code}`,
    buttons: [
      { id: 'confirm', label: "I've completed login" },
      { id: 'open', label: 'Open login URL' },
      { id: 'cancel', label: 'Cancel' },
    ],
    urgency: 'normal',
    icon: 'busy',
  }
}

export function loginVerifiedNotice(session: string, account: string, sharing: readonly string[]): NoticeSpec {
  return {
    title: `AWS SSO: logged in to ${session}`,
    body: `Verified: account ${account}. Valid for ${sharing.join(', ')}.`,
    buttons: [],
    urgency: 'low',
    icon: 'ok',
  }
}

export function loginFailedNotice(session: string, failureClass: string, message: string): NoticeSpec {
  return {
    title: `AWS SSO: login to ${session} failed`,
    body: `${message} (${failureClass})`,
    buttons: [{ id: 'login', label: 'Log in again' }],
    urgency: 'critical',
    icon: 'error',
  }
}

export function loginImpossibleNotice(session: string, message: string): NoticeSpec {
  return { title: `AWS SSO: cannot log in to ${session}`, body: message, buttons: [], urgency: 'critical', icon: 'error' }
}

export function checkSummaryNotice(total: number, failed: readonly string[]): NoticeSpec {
  if (failed.length === 0) {
    return {
      title: `AWS SSO: all ${total} profiles verified`,
      body: 'Every SSO profile answered aws sts get-caller-identity.',
      buttons: [],
      urgency: 'low',
      icon: 'ok',
    }
  }
  const names = `${failed.slice(0, 6).join(', ')}${failed.length > 6 ? ', …' : ''}`
  return {
    title: `AWS SSO: ${failed.length} of ${total} profiles failed`,
    body: `${names}. Open the tray menu for details.`,
    buttons: [],
    urgency: 'normal',
    icon: 'login',
  }
}

export function noConfigNotice(file: string): NoticeSpec {
  return {
    title: 'AWS SSO: no AWS config yet',
    body: `${file} does not exist. Create a profile with: aws configure sso`,
    buttons: [],
    urgency: 'normal',
    icon: 'error',
  }
}

export function problemNotice(title: string, message: string): NoticeSpec {
  return { title, body: message, buttons: [], urgency: 'normal', icon: 'error' }
}

/** An `ensure` caller asks for a login: who asks, for which profile and session. */
export function ensureRequestNotice(session: string, profiles: readonly string[], requesters: readonly string[]): NoticeSpec {
  const who = requesters.length <= 2 ? requesters.join(' and ') : `${requesters.slice(0, 2).join(', ')} and ${requesters.length - 2} more`
  const names = [...new Set(profiles)].join(', ')
  return {
    title: `AWS SSO: log in to ${session}?`,
    body: `${who} asks for a login of ${names}.`,
    buttons: [
      { id: 'login', label: 'Log in' },
      { id: 'decline', label: 'Not now' },
    ],
    urgency: 'normal',
    icon: 'login',
  }
}
