import { performance } from 'node:perf_hooks'
import type { Clock, Timer } from '../ports.ts'

/** The only place that reads the system clock. */
export function createClock(): Clock {
  return { now: () => Date.now() }
}

/** The system timer. */
export function createTimer(): Timer {
  return { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) }
}

/** Monotonic milliseconds: unlike the wall clock, it does not jump when the clock is set. */
export function monotonic(): number {
  return performance.now()
}
