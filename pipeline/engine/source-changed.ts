// The error of a translation whose source changed while the build ran: what
// was decided from it no longer holds, and the command is run again.

/** A translation's source changed while the build ran, so what was decided from it no longer holds. */
export class SourceChanged extends Error {
  override name = 'SourceChanged'
  constructor(readonly shownAs: string) {
    super('This file changed while press was reading the newsroom, so what was decided from it no longer holds: run the command again')
  }
}
