// What a published translation shows of the files beside its release: its
// lead image and its downloads, as the build published them.

/** The lead image as published: its path in the output, its size in pixels, and its words. */
export interface Lead {
  readonly path: string
  readonly width: number
  readonly height: number
  /** Its smaller and WebP copies, for srcset. */
  readonly variants?: ReadonlyArray<{readonly width: number; readonly path: string; readonly webp: string}>
  readonly alt: string
  readonly caption?: string
  readonly credit?: string
}

/** A file a translation links to, published with its release: its path in the output, name, type and size as readers read them. */
export interface Download {
  readonly path: string
  readonly name: string
  readonly label: string
  readonly size: string
}
