// A translation's notes (each typographic change its stages made), kept apart
// from its summary in a cache entry of their own: a build holds every summary
// to its end and writes them all in its record, and a release typed with
// straight quotes has dozens of notes; only press check and build --verbose
// show them, and read them.
import {hash, type FragmentCache} from './cache.js'
import {apartFromNotes, type Fragments, type StoredMessage} from '../model/fragments.js'

export function notesKey(key: string): string {
  return hash(key, 'notes')
}

export class KeptNotes {
  /** The notes made in a run that shows them, by key. */
  private readonly held = new Map<string, readonly StoredMessage[]>()

  constructor(
    private readonly cache: FragmentCache | undefined,
    /** Whether the run shows notes, and so holds those it makes. */
    private readonly shown: boolean
  ) {}

  /** Fragments as their stages made them, with their notes taken out, counted and kept. */
  async keep(key: string, made: Fragments): Promise<Fragments> {
    const {messages, notes} = apartFromNotes(made.messages)
    if (notes.length > 0) {
      if (this.shown) this.held.set(key, notes)
      await this.cache?.set(notesKey(key), notes)
    }
    return {...made, messages, notes: notes.length}
  }

  /** The `count` notes of the translation made under `key`: as kept, or, their entry gone, made again (`remake`) and kept. */
  async of(key: string, count: number, remake: () => Promise<Fragments>): Promise<readonly StoredMessage[]> {
    if (count === 0) return []
    const kept = this.held.get(key) ?? (await this.cache?.get<StoredMessage[]>(notesKey(key)))
    if (kept !== undefined) return kept
    await this.keep(key, await remake())
    return this.held.get(key) ?? []
  }
}
