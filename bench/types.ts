/** One measured figure: Slipway's time next to the docker CLI's on the same daemon (when there is one). */
export interface BenchRow {
  /** What was measured, e.g. "images: launch to first rows (2,000 tags)". */
  name: string
  /** Milliseconds through Slipway (median of the runs). */
  slipwayMs: number
  /** Milliseconds through the docker CLI for the same work, or null when there is no CLI equivalent. */
  dockerMs: number | null
  /** The goal, if the issue names one, e.g. "ratio ≤ 1.05" or "< 20 ms". */
  goal?: string
  note?: string
  /** What slipwayMs and dockerMs count when they are not milliseconds. */
  unit?: 'bytes'
}

/** A bench module: `bench/<feature>.bench.ts` exports `run` and gets the daemon's DOCKER_HOST. */
export type BenchRun = (context: { dockerHost: string | null }) => Promise<BenchRow[]>

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
