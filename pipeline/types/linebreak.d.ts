// Types for `linebreak` (UAX #14 line breaking), which ships none.
declare module 'linebreak' {
  export interface Break {
    readonly position: number
    readonly required: boolean
  }
  export default class LineBreaker {
    constructor(text: string)
    nextBreak(): Break | null
  }
}
