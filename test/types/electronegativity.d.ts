declare module '@doyensec/electronegativity/dist/runner.js' {
  const run: (options: Record<string, unknown>) => Promise<{ issues: unknown[]; errors: unknown[] }>
  export default run
}
