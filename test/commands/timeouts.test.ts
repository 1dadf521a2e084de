import { describe, expect, it } from 'vitest'
import { main } from '../../src/main.ts'
import { fakeContext } from '../fakes/context.ts'

describe('--timeout', () => {
  it.each([['login', 'dev'], ['ensure', 'dev'], ['check']])('%s: above 0 and at most a day; a timer could not hold more', async (...cmd) => {
    for (const bad of ['0', '-1', 'soon', '86401', '3000000']) {
      await expect(main([...cmd, `--timeout=${bad}`], fakeContext({}, 0))).rejects.toThrow(
        '--timeout must be a number of seconds above 0, at most 86400 (a day)',
      )
    }
  })
})
