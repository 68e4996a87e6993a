/** A table's header row: one column header per name, and a last column for row buttons named only for screen readers. */
export function ColumnHeads({ names, actions }: { names: readonly string[]; actions?: string }) {
  return (
    <thead>
      <tr>
        {names.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
        {actions !== undefined && (
          <th scope="col">
            <span className="visually-hidden">{actions}</span>
          </th>
        )}
      </tr>
    </thead>
  )
}
