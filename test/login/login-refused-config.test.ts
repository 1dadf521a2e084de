import { describe, expect, it } from 'vitest'
import { runLogin } from '../../src/commands/login.ts'
import { fakeContext } from '../fakes/context.ts'
import { fakeRunner } from '../fakes/runner.ts'

describe('login with a config file the AWS CLI refuses', () => {
  it('names the file and line before running anything (not "aws is not AWS CLI v2")', async () => {
    const config = '[profile dev]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n[profile dev]\nregion = eu-west-1\n'
    const ctx = fakeContext({ '/home/u/.aws/config': config }, 0)
    const fake = fakeRunner({})
    const err = await runLogin(ctx, { profile: 'dev', json: true, open: false, copy: false, deviceCode: false, timeoutS: 5 }, { runner: fake.runner }).catch(
      (e: unknown) => e as Error & { hint?: string },
    )
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toMatch(/^the AWS CLI refuses \/home\/u\/\.aws\/config: line 4: duplicate section/)
    expect((err as { hint?: string }).hint).toBe('fix line 4 of /home/u/.aws/config; every aws command fails until then')
    expect(fake.calls).toEqual([])
  })
})
