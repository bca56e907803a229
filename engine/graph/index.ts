export type { BuildGraph, EdgeKind, GraphEdge, StageBase } from './types.ts';
export { buildGraph, validateForwardReferences, validateReferences, type GraphBuild, type ResolvedUse } from './build-graph.ts';
export { validateCircularDependency } from './cycles.ts';
export { findBaseStage, findStageByName, parseStageIndex } from './refs.ts';
export { reachableStages, resolveTarget, topologicalOrder } from './target.ts';
export { criticalPath } from './critical-path.ts';
