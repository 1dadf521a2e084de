// The unit project (scripts/vitest-unit.config.mjs, which says why Stryker needs its own config)
// without the two month simulations, for measuring src/core/tray. Each simulation runs once at
// collection time (4-10 s), so to Stryker every tray mutant it touches looks static and is run
// against every test file: a run of the tray core took over an hour. Scores measured with this
// config are lower bounds: a mutant only a month simulation would catch counts as survived.
import { defineConfig } from 'vitest/config'
import unit from './vitest-unit.config.mjs'

const MONTHS = ['test/tray/month.test.ts', 'test/tray/session-end-month.test.ts']
export default defineConfig({ test: { ...unit.test, exclude: [...(unit.test?.exclude ?? []), ...MONTHS] } })
