// What the Images table shows: one row per tag, sorted once with the collator, filtered without re-sorting.
import { describe, expect, it } from 'vitest'
import { imageRows, type ImageRow, type ImageSummary } from '../../src/shared/ipc/channels/images'
import { DEFAULT_SORT, filterRows, matchesFocus, nextSort, sortRows } from '../../src/renderer/store/image-list'

const ID_A = `sha256:${'a'.repeat(64)}`
const ID_B = `sha256:${'b'.repeat(64)}`
const ID_C = `sha256:${'c'.repeat(64)}`

function image(id: string, created: number, tags: string[], extra: Partial<ImageSummary> = {}): ImageSummary {
  return { id, created, size: created * 10, labels: {}, tags, digestRepository: null, ...extra }
}

const rows = imageRows([
  image(ID_A, 1, ['web:v10', 'web:v9', 'api:1']),
  image(ID_B, 3, ['Zeta:latest'], { labels: { team: 'blue' } }),
  image(ID_C, 2, [], { digestRepository: 'busybox' })
])
const names = (list: ImageRow[]) => list.map((r) => `${r.repository}:${r.tag}`)

describe('imageRows', () => {
  it('gives one row per tag and one <none> row for an untagged image', () => {
    expect(names(rows)).toEqual(['web:v10', 'web:v9', 'api:1', 'Zeta:latest', 'busybox:<none>'])
    expect(rows.find((r) => r.id === ID_C)).toMatchObject({ dangling: true, reference: null, shortId: 'cccccccccccc' })
  })
})

describe('sortRows', () => {
  it('opens newest first, ties by repository then tag in natural order', () => {
    expect(names(sortRows(rows, DEFAULT_SORT, {}, {}))).toEqual(['Zeta:latest', 'busybox:<none>', 'api:1', 'web:v9', 'web:v10'])
  })
  it('sorts text ignoring case, numbers by value', () => {
    expect(names(sortRows(rows, { column: 'repository', direction: 'asc' }, {}, {}))).toEqual(['api:1', 'busybox:<none>', 'web:v9', 'web:v10', 'Zeta:latest'])
    expect(names(sortRows(rows, { column: 'tag', direction: 'desc' }, {}, {})).slice(0, 2)).toEqual(['web:v10', 'web:v9'])
  })
  it('sorts by exposed ports and by containers when those columns are chosen', () => {
    const ports = { [ID_A]: ['80/tcp'], [ID_B]: ['443/tcp'] }
    expect(names(sortRows(rows, { column: 'ports', direction: 'asc' }, ports, {}))[0]).toBe('busybox:<none>')
    const containers = { [ID_C]: [{ id: 'x', name: 'x', state: 'running', running: true }] }
    expect(names(sortRows(rows, { column: 'inUse', direction: 'desc' }, {}, containers))[0]).toBe('busybox:<none>')
  })
  it('leaves its input alone', () => {
    const before = names(rows)
    sortRows(rows, { column: 'repository', direction: 'desc' }, {}, {})
    expect(names(rows)).toEqual(before)
  })
})

describe('filterRows', () => {
  const sorted = sortRows(rows, DEFAULT_SORT, {}, {})
  it('keeps the sorted order and gives the same array for an empty search', () => {
    expect(filterRows(sorted, '  ')).toBe(sorted)
    expect(names(filterRows(sorted, 'web'))).toEqual(['web:v9', 'web:v10'])
  })
  it('matches repository, tag, an ID prefix and labels', () => {
    expect(names(filterRows(sorted, 'LATEST'))).toEqual(['Zeta:latest'])
    expect(names(filterRows(sorted, 'sha256:bbbb'))).toEqual(['Zeta:latest'])
    expect(names(filterRows(sorted, 'team=blue'))).toEqual(['Zeta:latest'])
  })
})

describe('nextSort', () => {
  it('flips the same column; a new time or size column starts with the largest', () => {
    expect(nextSort(DEFAULT_SORT, 'created')).toEqual({ column: 'created', direction: 'asc' })
    expect(nextSort(DEFAULT_SORT, 'size')).toEqual({ column: 'size', direction: 'desc' })
    expect(nextSort(DEFAULT_SORT, 'tag')).toEqual({ column: 'tag', direction: 'asc' })
  })
})

describe('matchesFocus', () => {
  const web = rows[0]!
  it('matches an image ID of 12 or more characters, or the reference in its familiar form', () => {
    expect(matchesFocus(web, 'aaaaaaaaaaaa')).toBe(true)
    expect(matchesFocus(web, 'aaaaaaa')).toBe(false)
    expect(matchesFocus(web, 'docker.io/library/web:v10')).toBe(true)
    expect(matchesFocus(web, 'web:v9')).toBe(false)
  })
})
