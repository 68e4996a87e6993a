const CANDIDATES = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable="true"]'

/** The elements Tab visits inside `root`, in order (a radio group counts once: its checked radio, else its first). */
export function tabStops(root: HTMLElement): HTMLElement[] {
  const seenGroups = new Set<string>()
  const stops: HTMLElement[] = []
  for (const el of root.querySelectorAll<HTMLElement>(CANDIDATES)) {
    if (el.tabIndex < 0 || el.matches(':disabled') || !el.checkVisibility({ visibilityProperty: true })) continue
    if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
      const group = `${el.form?.id ?? ''}|${el.name}`
      if (seenGroups.has(group)) continue
      const checked = root.querySelector<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]:checked`)
      seenGroups.add(group)
      stops.push(checked ?? el)
      continue
    }
    stops.push(el)
  }
  return stops
}
