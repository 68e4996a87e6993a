// The readings parse-corpus.test.ts holds the model to are BuildKit's own: where
// Debian's Go is installed, BuildKit's parser (its Go source from Debian) reads the
// corpus again here and must give exactly the checked-in buildkit-readings.json.
// Elsewhere this says why it cannot and is skipped.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { corpusFiles, formatReadings, missingTools, readCorpusWithBuildkit, READINGS } from '../../../scripts/buildkit-readings/read-corpus'

const missing = missingTools()
if (missing) console.warn(`Skipping the check of buildkit-readings.json against BuildKit's parser: ${missing}`)

describe.skipIf(missing !== null)("BuildKit's parser on the corpus", () => {
  it('reads what buildkit-readings.json says it reads', () => {
    const fresh = formatReadings(readCorpusWithBuildkit(corpusFiles()))
    expect(fresh === readFileSync(READINGS, 'utf8'), 'buildkit-readings.json differs from a fresh reading: run npx tsx scripts/buildkit-readings/read-corpus.ts').toBe(true)
  }, 600_000)
})
