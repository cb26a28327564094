// How many translations a build needs before worker threads are worth
// starting: read by the engine's threads and, loading nothing else, by
// press build's choice to run a build in a process of its own.

/** Below this many translations, starting threads costs more than it saves. */
export const smallNewsroom = 64
