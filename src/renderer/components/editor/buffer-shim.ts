// dockerfile-ast checks for a byte order mark with Node's Buffer.from(char, 'UTF-8'), which the
// renderer does not have. This gives it the one call it makes, as UTF-8 bytes.
const scope = globalThis as unknown as { Buffer?: unknown }
if (scope.Buffer === undefined) {
  scope.Buffer = {
    from(value: string) {
      return new TextEncoder().encode(String(value))
    }
  }
}

export {}
