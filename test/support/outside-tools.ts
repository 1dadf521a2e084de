// One rule for every test that needs something from outside the project (tmux, Xvfb, dunst, the
// real AWS CLI, botocore, ...): where AWS_SSO_TRAY_REQUIRE_E2E is set (.ci/run sets it) a missing
// piece fails the run with a test that names it; elsewhere the tests are skipped, and say why.

import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { it } from 'vitest'

/** An executable on PATH, or an absolute path to one. */
export function hasProgram(name: string): boolean {
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((d) => path.join(d, name))
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK)
      return statSync(file).isFile()
    } catch {
      return false
    }
  })
}

/** A Python module importable by `python` (e.g. botocore for the differential test). */
export function hasPythonModule(module: string, python = 'python3'): boolean {
  if (!hasProgram(python)) return false
  return spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0
}

export interface Requirement {
  /** What is needed, as a person would install it: "tmux", "Xvfb", "botocore (pip)". */
  name: string
  present: boolean
}

export const program = (name: string, label = name): Requirement => ({ name: label, present: hasProgram(name) })

/**
 * Returns true when every requirement is present. Otherwise: under AWS_SSO_TRAY_REQUIRE_E2E,
 * registers a failing test naming what is missing; elsewhere warns once. Call at collection time
 * and pass the result to `describe.skipIf(!ok)`.
 */
export function requireOutside(what: string, requirements: readonly Requirement[]): boolean {
  const missing = requirements.filter((r) => !r.present).map((r) => r.name)
  if (missing.length === 0) return true
  if (process.env.AWS_SSO_TRAY_REQUIRE_E2E) {
    it(`has every piece ${what} needs`, () => {
      throw new Error(`${what}: missing ${missing.join(', ')} (AWS_SSO_TRAY_REQUIRE_E2E is set, so this is a failure, not a skip)`)
    })
  } else {
    console.warn(`${what} skipped: missing ${missing.join(', ')}`)
  }
  return false
}
