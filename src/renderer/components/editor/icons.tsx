// Small line icons drawn in SVG, so they look the same whatever fonts the system has.
const paths = {
  drag: 'M6 4h.01M10 4h.01M6 8h.01M10 8h.01M6 12h.01M10 12h.01',
  up: 'M8 13V3M4 7l4-4 4 4',
  down: 'M8 3v10M4 9l4 4 4-4',
  duplicate: 'M5.5 5.5h7v7h-7zM3.5 10.5v-7h7',
  delete: 'M4 4l8 8M12 4l-8 8',
  add: 'M8 3v10M3 8h10',
  help: 'M6 6a2 2 0 1 1 2.8 1.8c-.5.3-.8.7-.8 1.2v.5M8 11.5h.01'
} as const

export function Icon({ name }: { name: keyof typeof paths }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" className={`icon icon-${name}`}>
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth={name === 'drag' ? 2.4 : 1.5} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
