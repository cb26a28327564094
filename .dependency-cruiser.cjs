// The engine's layers (DESIGN.md): dependencies point one way,
// lib ← model ← source ← typography ← render ← publish ← engine ← preview, deliver ← commands,
// type imports included, and no module takes part in a cycle. `.ci/run` runs
// this with `npx depcruise pipeline`.
const layers = ['lib', 'model', 'source', 'typography', 'render', 'publish', 'engine', ['preview', 'deliver'], 'commands']

/** A rule per layer: nothing in it may import a layer above it. */
const upward = layers.flatMap((layer, index) => {
  const own = [layer].flat()
  const above = layers.slice(index + 1).flat()
  // preview and deliver share a rank: neither may import the other.
  const beside = own.length > 1 ? own : []
  return own.map((name) => ({
    name: `no-upward-from-${name}`,
    comment: `${name}/ may import only the layers below it (${layers.slice(0, index).flat().join(', ') || 'none'})`,
    severity: 'error',
    from: {path: `^pipeline/${name}/`},
    to: {path: `^pipeline/(${[...above, ...beside.filter((other) => other !== name)].join('|')})/`}
  }))
})

module.exports = {
  forbidden: [
    {name: 'no-circular', comment: 'A cycle ties its modules into one: no stage can be read, tested or reordered alone', severity: 'error', from: {}, to: {circular: true}},
    ...upward
  ],
  options: {
    doNotFollow: {path: 'node_modules'},
    tsPreCompilationDeps: true,
    tsConfig: {fileName: 'tsconfig.json'},
    enhancedResolveOptions: {extensions: ['.ts', '.js']},
    // A type-only import counts: `import type` ties the layers as much as a value does.
    exclude: {path: '^pipeline/types/'}
  }
}
