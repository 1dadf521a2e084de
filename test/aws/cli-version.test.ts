import { describe, expect, it } from 'vitest'
import { atLeast, awsFeatures, parseAwsVersion } from '../../src/aws/cli-version.ts'

const v = (text: string) => parseAwsVersion(`aws-cli/${text} Python/3.12.6 Linux/6.8.0 exe/x86_64.ubuntu.24`)!

describe('parseAwsVersion', () => {
  it('reads the triple wherever the CLI prints it', () => {
    expect(parseAwsVersion('aws-cli/2.22.35 Python/3.12.6 Linux/6.8.0 exe/x86_64.ubuntu.24 prompt/off\n')).toEqual({
      major: 2,
      minor: 22,
      patch: 35,
      text: '2.22.35',
    })
    expect(parseAwsVersion('noise aws-cli/1.18.69 Python/2.7.18')).toEqual({ major: 1, minor: 18, patch: 69, text: '1.18.69' })
    expect(parseAwsVersion('aws-cli/10.0.123')).toEqual({ major: 10, minor: 0, patch: 123, text: '10.0.123' })
  })

  it.each([[''], ['aws-cli/2.22'], ['aws-cli/x.y.z'], ['awscli 2.22.35']])('rejects %j', (text) => {
    expect(parseAwsVersion(text)).toBeUndefined()
  })
})

describe('atLeast', () => {
  it.each([
    ['2.4.25', [2, 4, 25], true],
    ['2.4.24', [2, 4, 25], false],
    ['2.4.26', [2, 4, 25], true],
    ['2.3.99', [2, 4, 25], false],
    ['2.5.0', [2, 4, 25], true],
    ['1.99.99', [2, 4, 25], false],
    ['3.0.0', [2, 4, 25], true],
    ['2.9.0', [2, 9], true],
  ] as const)('%s ≥ %j is %s', (text, [major, minor, patch], want) => {
    expect(atLeast(v(text), major, minor, patch)).toBe(want)
  })
})

describe('awsFeatures', () => {
  it.each([
    ['1.99.0', { ssoLogin: false, noBrowser: false, ssoSessions: false, useDeviceCode: false }],
    ['2.0.0', { ssoLogin: true, noBrowser: false, ssoSessions: false, useDeviceCode: false }],
    ['2.4.25', { ssoLogin: true, noBrowser: true, ssoSessions: false, useDeviceCode: false }],
    ['2.8.99', { ssoLogin: true, noBrowser: true, ssoSessions: false, useDeviceCode: false }],
    ['2.9.0', { ssoLogin: true, noBrowser: true, ssoSessions: true, useDeviceCode: false }],
    ['2.21.99', { ssoLogin: true, noBrowser: true, ssoSessions: true, useDeviceCode: false }],
    ['2.22.0', { ssoLogin: true, noBrowser: true, ssoSessions: true, useDeviceCode: true }],
  ])('%s', (text, want) => {
    const version = v(text)
    expect({
      ssoLogin: awsFeatures.ssoLogin(version),
      noBrowser: awsFeatures.noBrowser(version),
      ssoSessions: awsFeatures.ssoSessions(version),
      useDeviceCode: awsFeatures.useDeviceCode(version),
    }).toEqual(want)
  })
})
