import type { Clipboard } from '../ports.ts'

/** clipboardy, imported on first use; its errors (no display, no xsel) are kept as they are actionable. */
export function createClipboard(): Clipboard {
  return {
    async write(text) {
      const { default: clipboard } = await import('clipboardy')
      await clipboard.write(text)
    },
  } satisfies Clipboard
}
