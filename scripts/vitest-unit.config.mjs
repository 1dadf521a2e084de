// The "unit" project of vitest.config.ts on its own, for StrykerJS (stryker.config.json). Stryker
// cannot pick a project, and narrowing it with `testFiles` instead makes it activate static mutants
// (module-level constants) too late, so they come out Survived though a test kills them
// (stryker-js#6144, Stryker 9.6.1). The integration project drives dist/ bundles and real
// processes, which Stryker does not mutate.
import { defineConfig } from 'vitest/config'
import base from '../vitest.config.ts'

const unit = base.test?.projects?.find((p) => typeof p === 'object' && p.test?.name === 'unit')
if (!unit) throw new Error('vitest.config.ts has no "unit" project')
const { projects: _everyProject, ...shared } = base.test
export default defineConfig({ test: { ...shared, ...unit.test } })
