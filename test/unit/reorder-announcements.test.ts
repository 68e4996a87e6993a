// What a screen reader hears while a block is moved with its drag handle: the blocks' labels and
// positions, never dnd-kit's internal ids.
import type { Active, Over, UniqueIdentifier } from '@dnd-kit/core'
import { describe, expect, it } from 'vitest'
import { reorderAnnouncements, type ListedBlock } from '../../src/renderer/components/editor/reorder-announcements'

const list = ['FROM debian:bookworm', 'WORKDIR /app', 'COPY . .', 'EXPOSE 80']
const ids = ['b1', 'b2', 'b3', 'b4']

function find(order: string[]) {
  return (id: UniqueIdentifier): ListedBlock | undefined => {
    const index = order.indexOf(String(id))
    return index === -1 ? undefined : { label: list[ids.indexOf(String(id))]!, position: index + 1, count: order.length }
  }
}
const active = (id: string) => ({ id }) as unknown as Active
const over = (id: string) => ({ id }) as unknown as Over

describe('reorder announcements', () => {
  it('names the blocks and positions through a pick-up, a step and a drop', () => {
    let order = [...ids]
    const say = reorderAnnouncements((id) => find(order)(id))
    expect(say.onDragStart({ active: active('b4') })).toBe('Picked up EXPOSE 80, at position 4 of 4.')
    // dnd-kit reports the block over itself right after the pick-up: the pick-up is not cut short.
    expect(say.onDragOver({ active: active('b4'), over: over('b4') })).toBeUndefined()
    expect(say.onDragOver({ active: active('b4'), over: over('b3') })).toBe('EXPOSE 80 is over COPY . ., at position 3 of 4.')
    expect(say.onDragOver({ active: active('b4'), over: over('b3') })).toBeUndefined()
    expect(say.onDragOver({ active: active('b4'), over: over('b4') })).toBe('EXPOSE 80 is back at position 4 of 4.')
    expect(say.onDragOver({ active: active('b4'), over: over('b3') })).toBe('EXPOSE 80 is over COPY . ., at position 3 of 4.')
    // The list's onDragEnd has moved the block before the drop is announced.
    order = ['b1', 'b2', 'b4', 'b3']
    expect(say.onDragEnd({ active: active('b4'), over: over('b3') })).toBe('EXPOSE 80 was moved to position 3 of 4.')
  })

  it('says so when the block is dropped where it was, or the move is cancelled', () => {
    const say = reorderAnnouncements(find(ids))
    expect(say.onDragEnd({ active: active('b2'), over: null })).toBe('WORKDIR /app was dropped where it was, at position 2 of 4.')
    expect(say.onDragCancel({ active: active('b2'), over: null })).toBe('Moving WORKDIR /app was cancelled; it stays at position 2 of 4.')
  })
})
