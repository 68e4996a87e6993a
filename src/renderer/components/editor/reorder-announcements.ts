// What a screen reader says while a block is moved with its drag handle. dnd-kit's own words name the
// blocks by their internal ids ("Draggable item b4 was moved over droppable area b2"); these name them
// as the list does, with their position.
import type { Announcements, ScreenReaderInstructions, UniqueIdentifier } from '@dnd-kit/core'

/** A block as the list shows it: its label and 1-based position among `count` blocks. */
export interface ListedBlock {
  label: string
  position: number
  count: number
}

export const REORDER_INSTRUCTIONS: ScreenReaderInstructions = {
  draggable: 'To move this block, press Space, then the up and down arrow keys. Space drops it there; Escape puts it back.'
}

/**
 * Announcements for one list; `find` reads the list as it is at the moment of the announcement, which
 * for a drop is after the list's onDragEnd moved the block.
 */
export function reorderAnnouncements(find: (id: UniqueIdentifier) => ListedBlock | undefined): Announcements {
  // dnd-kit reports the block as over itself right after the pick-up; saying so would cut the pick-up short.
  let lastOver: UniqueIdentifier | null = null
  const name = (id: UniqueIdentifier) => find(id)?.label ?? 'The block'
  const place = (block: ListedBlock | undefined) => (block ? `position ${block.position} of ${block.count}` : 'its place')
  return {
    onDragStart({ active }) {
      lastOver = active.id
      return `Picked up ${name(active.id)}, at ${place(find(active.id))}.`
    },
    onDragOver({ active, over }) {
      const overId = over?.id ?? null
      if (overId === lastOver) return undefined
      lastOver = overId
      if (overId === null) return `${name(active.id)} is not over a block.`
      if (overId === active.id) return `${name(active.id)} is back at ${place(find(active.id))}.`
      return `${name(active.id)} is over ${name(overId)}, at ${place(find(overId))}.`
    },
    onDragEnd({ active, over }) {
      lastOver = null
      if (!over || over.id === active.id) return `${name(active.id)} was dropped where it was, at ${place(find(active.id))}.`
      return `${name(active.id)} was moved to ${place(find(active.id))}.`
    },
    onDragCancel({ active }) {
      lastOver = null
      return `Moving ${name(active.id)} was cancelled; it stays at ${place(find(active.id))}.`
    }
  }
}
