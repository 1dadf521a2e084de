// What a D-Bus notice carries, by the server's capabilities. Pure.

import { describe, expect, it } from 'vitest'
import { noticeFields } from '../../src/adapters/dbus/notifications.ts'

const request = {
  title: 'AWS SSO: <dev> expired',
  body: 'Log in for <b>dev</b> & co',
  buttons: [
    { id: 'login', label: 'Log in' },
    { id: 'snooze', label: 'Snooze 1 h' },
  ],
  urgency: 'critical' as const,
  iconPath: null,
}

describe('noticeFields', () => {
  it('with actions: the first button is the default (body click), the rest by id', () => {
    expect(noticeFields(request, ['actions', 'body']).actions).toEqual(['default', 'Log in', 'snooze', 'Snooze 1 h'])
  })

  it('escapes the body only where the server reads markup', () => {
    expect(noticeFields(request, ['actions', 'body-markup']).body).toBe('Log in for &lt;b&gt;dev&lt;/b&gt; &amp; co')
    expect(noticeFields(request, ['actions']).body).toBe('Log in for <b>dev</b> & co')
  })

  it('without actions: no buttons, and the body says the tray menu has them', () => {
    const f = noticeFields(request, ['body'])
    expect(f.actions).toEqual([])
    expect(f.body).toBe('Log in for <b>dev</b> & co\n(No buttons here: the tray menu has "Log in", "Snooze 1 h".)')
    expect(noticeFields({ ...request, buttons: [] }, []).body).toBe(request.body)
  })

  it('maps urgency to the spec’s byte', () => {
    expect(['low', 'normal', 'critical'].map((u) => noticeFields({ ...request, urgency: u as 'low' }, []).hints.urgency)).toEqual([0, 1, 2])
  })
})
