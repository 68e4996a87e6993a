import { create } from 'zustand'

export const views = ['Dockerfile', 'Images', 'Containers', 'Builds'] as const
export type ViewName = (typeof views)[number]

interface NavigationState {
  view: ViewName
  show(view: ViewName): void
}

export const useNavigation = create<NavigationState>((set) => ({
  view: 'Dockerfile',
  show: (view) => set({ view })
}))
