// The usual command lines (`status --json`, `status dev prod --wide`): long boolean options written
// out, and names. These are read here without node:util's parseArgs, whose modules cost ~0.5 ms to
// load on every start; any other line (a value, a short option, `--`, a mistake) is left to
// parseArgs (src/main.ts), which gives the same result for these (test/startup/plain-args.test.ts).

import type { ParseArgsConfig } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

/** parseArgs' values and positionals (strict, positionals allowed) for a plain line; undefined for any other. */
export function plainArgs(args: readonly string[], options: Options): { values: Values; positionals: string[] } | undefined {
  const values: Values = Object.create(null) as Values
  const positionals: string[] = []
  for (const arg of args) {
    if (!arg.startsWith('-')) {
      positionals.push(arg)
      continue
    }
    const name = arg.slice(2)
    const spec = arg.startsWith('--') && Object.hasOwn(options, name) ? options[name] : undefined
    if (spec?.type !== 'boolean' || spec.multiple === true) return undefined
    values[name] = true
  }
  for (const [name, spec] of Object.entries(options)) if (spec.default !== undefined && values[name] === undefined) values[name] = spec.default
  return { values, positionals }
}
