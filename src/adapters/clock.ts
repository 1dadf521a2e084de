import type { Clock } from '../ports.ts'

/** The only place that reads the system clock. */
export function createClock(): Clock {
  return { now: () => Date.now() }
}
