import { create } from 'zustand'
import { useImages } from './images'

export const views = ['Dockerfile', 'Images', 'Containers', 'Builds'] as const
export type ViewName = (typeof views)[number]

interface NavigationState {
  view: ViewName
  show(view: ViewName): void
  /** Opens the Images view on an image (ID or reference), selected and scrolled into view, e.g. after a build. */
  showImage(image: string): void
}

export const useNavigation = create<NavigationState>((set) => ({
  view: 'Dockerfile',
  show: (view) => set({ view }),
  showImage(image) {
    set({ view: 'Images' })
    useImages.getState().focus(image)
  }
}))
