// `config path` and `config show`: where the settings file is, and what is in effect (each value
// with where it came from, and every warning).

import { closest } from '../core/suggest.ts'
import { UsageError } from '../errors.ts'
import { formatSettingWarning, settingsFilePath } from '../settings.ts'
import { OPTIONS } from '../settings-options.ts'
import type { CommandContext } from './context.ts'
import { colourEnabled, painter } from '../render/colour.ts'
import { loadSettingsFile } from './load-settings.ts'

export async function runConfig(ctx: CommandContext, opts: { action: string | undefined; json: boolean }): Promise<number> {
  const file = settingsFilePath(ctx.env, ctx.home)
  if (opts.action === 'path') {
    ctx.out.stdout(opts.json ? JSON.stringify({ path: file }) + '\n' : file + '\n')
    return 0
  }
  if (opts.action !== 'show') {
    const guess = opts.action ? closest(opts.action, ['path', 'show']) : undefined
    throw new UsageError(`config takes path or show${opts.action ? ` (got ${opts.action}${guess ? ` — did you mean ${guess}?` : ''})` : ''}`)
  }
  const { settings, file: parsed, lines } = await loadSettingsFile(ctx)
  const bad = new Set(settings.warnings.map((w) => w.key))
  // What applies is what `ini` read: a key under a [section], or an earlier duplicate, is not it.
  const rows = OPTIONS.map((o) => {
    const env = ctx.env[o.env]
    const fromEnv = env !== undefined && env !== ''
    const raw = parsed?.[o.key]
    const fromFile = typeof raw === 'string' || typeof raw === 'boolean'
    const source = bad.has(o.key) || (!fromEnv && !fromFile) ? 'default' : fromEnv ? o.env : `${file}:${lines.get(o.key) ?? '?'}`
    const text = source === 'default' ? o.defaultText : fromEnv ? env : String(raw)
    return { key: o.key, value: text, source }
  })
  if (opts.json) {
    ctx.out.stdout(
      JSON.stringify({ path: file, exists: parsed !== null, settings: rows, warnings: settings.warnings }, null, ctx.out.isTTY ? 2 : undefined) + '\n',
    )
    return settings.warnings.length > 0 ? 1 : 0
  }
  const width = Math.max(...rows.map((r) => r.key.length))
  const paint = painter(colourEnabled(ctx.env, ctx.out.isTTY))
  const out = [`Settings file: ${paint('bold', file)}${parsed === null ? ' (none yet: defaults and the environment apply)' : ''}`, '']
  // Values someone set stand out; defaults and where a value came from stay quiet.
  for (const r of rows)
    out.push(`  ${r.key.padEnd(width)}  ${r.source === 'default' ? r.value : `${paint('bold', r.value)}    ${paint('dim', `(${r.source})`)}`}`)
  if (settings.warnings.length > 0) out.push('', paint('red', 'Warnings:'), ...settings.warnings.map((w) => `  ${paint('red', formatSettingWarning(w))}`))
  ctx.out.stdout(out.join('\n') + '\n')
  return settings.warnings.length > 0 ? 1 : 0
}
