// Child process for the atomic-save test: saves two large versions of a file in turn, forever, until killed.
import { writeFileAtomic } from '../../src/main/files/atomic'

const [file] = process.argv.slice(2)
const versions = ['A', 'B'].map((letter) => `${letter}\n`.repeat(2_000_000))
let turn = 0
process.send?.('ready')
for (;;) {
  await writeFileAtomic(file!, versions[turn++ % 2]!)
}
