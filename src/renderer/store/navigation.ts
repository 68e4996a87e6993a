import { create } from 'zustand'

export const views = ['Dockerfile', 'Images', 'Containers', 'Builds'] as const
export type ViewName = (typeof views)[number]

interface NavigationState {
  view: ViewName
  /** An image (ID or reference) the Images view should select and scroll to, e.g. after a build. */
  focusImage: string | null
  show(view: ViewName): void
  showImage(image: string): void
  clearFocus(): void
}

export const useNavigation = create<NavigationState>((set) => ({
  view: 'Dockerfile',
  focusImage: null,
  show: (view) => set({ view }),
  showImage: (image) => set({ view: 'Images', focusImage: image }),
  clearFocus: () => set({ focusImage: null })
}))
