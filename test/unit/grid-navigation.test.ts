import { describe, expect, it } from 'vitest'
import { HEADER, moveInGrid, resolveActive, type GridPosition } from '../../src/renderer/components/images/gridNavigation'

const grid = { rowCount: 10, pageRows: 4, ctrl: false }
const move = (from: GridPosition, key: string, options = grid) => moveInGrid(from, key, options)

describe('the Images grid keyboard model', () => {
  it('moves between cells and into the buttons of the actions cell, and stops at the row ends', () => {
    expect(move({ row: 2, cell: 0, sub: 0 }, 'ArrowRight')).toEqual({ row: 2, cell: 1, sub: 0 })
    expect(move({ row: 2, cell: 8, sub: 0 }, 'ArrowRight')).toEqual({ row: 2, cell: 8, sub: 1 })
    expect(move({ row: 2, cell: 8, sub: 3 }, 'ArrowRight')).toBeNull()
    expect(move({ row: 2, cell: 0, sub: 0 }, 'ArrowLeft')).toBeNull()
    expect(move({ row: 2, cell: 4, sub: 0 }, 'End')).toEqual({ row: 2, cell: 8, sub: 3 })
    expect(move({ row: 2, cell: 4, sub: 0 }, 'Home')).toEqual({ row: 2, cell: 0, sub: 0 })
  })

  it('keeps the column going up and down, reaches the header row, and stops at the last row', () => {
    expect(move({ row: 0, cell: 3, sub: 0 }, 'ArrowUp')).toEqual({ row: -1, cell: 3, sub: 0 })
    expect(move({ row: -1, cell: 3, sub: 0 }, 'ArrowUp')).toBeNull()
    expect(move({ row: 9, cell: 3, sub: 0 }, 'ArrowDown')).toBeNull()
    // The header's Actions cell has one stop: from Delete (4th button) down and up lands on a real stop.
    expect(move({ row: 0, cell: 8, sub: 3 }, 'ArrowUp')).toEqual({ row: -1, cell: 8, sub: 0 })
  })

  it('pages by a screenful and jumps to the first and last image with Ctrl', () => {
    expect(move({ row: 1, cell: 2, sub: 0 }, 'PageDown')).toEqual({ row: 5, cell: 2, sub: 0 })
    expect(move({ row: 8, cell: 2, sub: 0 }, 'PageDown')).toEqual({ row: 9, cell: 2, sub: 0 })
    expect(move({ row: 0, cell: 2, sub: 0 }, 'PageUp')).toEqual({ row: -1, cell: 2, sub: 0 })
    expect(move({ row: 4, cell: 2, sub: 0 }, 'End', { ...grid, ctrl: true })).toEqual({ row: 9, cell: 8, sub: 3 })
    expect(move({ row: 4, cell: 2, sub: 0 }, 'Home', { ...grid, ctrl: true })).toEqual({ row: 0, cell: 0, sub: 0 })
  })

  it('finds the remembered place by image, or the row that took its place when it is gone', () => {
    const keys = ['a|x:1', 'b|y:1', 'c|z:1']
    expect(resolveActive(null, keys)).toEqual({ row: 0, cell: 0, sub: 0 })
    expect(resolveActive({ key: 'c|z:1', index: 0, cell: 2, sub: 0 }, keys)).toEqual({ row: 2, cell: 2, sub: 0 })
    expect(resolveActive({ key: 'gone|q:1', index: 1, cell: 8, sub: 3 }, keys)).toEqual({ row: 1, cell: 8, sub: 3 })
    expect(resolveActive({ key: 'gone|q:1', index: 7, cell: 0, sub: 0 }, keys)).toEqual({ row: 2, cell: 0, sub: 0 })
    expect(resolveActive({ key: HEADER, index: -1, cell: 4, sub: 0 }, keys)).toEqual({ row: -1, cell: 4, sub: 0 })
    expect(resolveActive({ key: 'a|x:1', index: 0, cell: 1, sub: 0 }, [])).toEqual({ row: -1, cell: 1, sub: 0 })
  })
})
