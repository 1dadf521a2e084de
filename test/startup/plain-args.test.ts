// The plain command lines read without parseArgs: exactly what parseArgs (strict, as main.ts runs
// it) gives for them, and every other line left to it.

import { parseArgs, type ParseArgsConfig } from 'node:util'
import { describe, expect, it } from 'vitest'
import { plainArgs } from '../../src/startup/plain-args.ts'

type Options = NonNullable<ParseArgsConfig['options']>

const COMMON: Options = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } }
const STATUS: Options = {
  ...COMMON,
  json: { type: 'boolean' },
  wide: { type: 'boolean' },
  'line-path': { type: 'boolean' },
  session: { type: 'string', multiple: true },
  account: { type: 'string', multiple: true },
}
const LOGIN: Options = { ...COMMON, json: { type: 'boolean' }, 'no-open': { type: 'boolean' }, timeout: { type: 'string', default: '600' } }
const QUIET: Options = { ...COMMON, quiet: { type: 'boolean', default: false }, loud: { type: 'boolean', default: true } }
const REPEATED: Options = { ...COMMON, tag: { type: 'boolean', multiple: true }, keep: { type: 'string', multiple: true, default: ['a'] } }

const strict = (args: string[], options: Options) => {
  const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true })
  return { values, positionals }
}

describe('plain command lines', () => {
  it.each([
    [[], STATUS],
    [['--json'], STATUS],
    [['--json', '--wide', '--json'], STATUS],
    [['dev', '--line-path', 'prod admin', 'dev'], STATUS],
    [['', 'x-y', 'déjà'], STATUS],
    [['--help'], STATUS],
    [[], LOGIN],
    [['dev', '--no-open', '--json'], LOGIN],
    [['x'], REPEATED],
    [['--quiet'], QUIET],
    [[], QUIET],
  ] as const)('%j reads as parseArgs reads it', (args, options) => {
    const plain = plainArgs(args, options)
    expect(plain).toStrictEqual(strict([...args], options))
    expect(Object.getPrototypeOf(plain?.values)).toBeNull()
  })

  it('fills in defaults as parseArgs does, and an option given keeps its value', () => {
    expect(plainArgs(['--json'], LOGIN)?.values).toStrictEqual(Object.assign(Object.create(null), { json: true, timeout: '600' }))
    expect(plainArgs([], REPEATED)?.values.keep).toEqual(['a'])
  })

  it.each([
    ['a value', ['--session', 'corp'], STATUS],
    ['an inline value', ['--session=corp'], STATUS],
    ['a value on a boolean', ['--json=yes'], STATUS],
    ['a short option', ['-h'], STATUS],
    ['a short group', ['-hv'], STATUS],
    ['a short group that spells an option', ['-xjson'], STATUS],
    ['the end of options', ['--', '--json'], STATUS],
    ['a lone dash', ['-'], STATUS],
    ['an unknown option', ['--jsno'], STATUS],
    ['a name of Object.prototype', ['--constructor'], STATUS],
    ['a repeatable boolean', ['--tag'], REPEATED],
    ['a string option with a default', ['--timeout', '5'], LOGIN],
  ] as const)('leaves %s to parseArgs', (_, args, options) => {
    expect(plainArgs(args, options)).toBeUndefined()
  })
})
