// Checks plain data read from YAML against a JSON schema and turns each
// problem into a message placed on the offending line. Schemas carry a `hint`
// per field: the sentence that tells a press officer how to write it.
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv'
import * as addFormatsModule from 'ajv-formats'
import type {VFile} from 'vfile'
import {error, warning} from './diagnostics.js'
import type {YamlSource} from './safe-yaml.js'

// ajv-formats is CommonJS: under Node's ESM its function is the default export.
const addFormats = addFormatsModule.default as unknown as typeof addFormatsModule.default.default

/** A pattern for one line of text: no line breaks, no NUL, nothing that could end an email header early. */
export const oneLine = '^[^\\r\\n\\u0000\\u2028\\u2029]*$'

export interface Schema {
  readonly [key: string]: unknown
}

// Press's schemas are its own, checked against JSON Schema's by a test: compiling the meta-schema took a tenth of a start-up's 0.2 s.
const ajv = new Ajv({allErrors: true, verbose: true, strict: true, allowUnionTypes: true, validateSchema: false})
ajv.addVocabulary(['hint'])
addFormats(ajv, ['date', 'date-time', 'email', 'uri'])

const compiled = new WeakMap<Schema, ValidateFunction>()

/**
 * Validates `source.data` against `schema`, recording messages on `file`.
 * Unknown keys are warnings; everything else is an error. Returns whether
 * the data is usable.
 */
export function checkAgainstSchema(source: YamlSource, schema: Schema, file: VFile, what: string): boolean {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  if (validate(source.data)) return true
  let usable = true
  for (const problem of validate.errors ?? []) {
    const path = toPath(problem.instancePath)
    if (problem.keyword === 'additionalProperties') {
      const key = String((problem.params as {additionalProperty: string}).additionalProperty)
      warning(file, `Unknown field \`${key}\` in the ${what} is ignored: check its spelling`, source.placeKey([...path, key]), 'unknown-field')
      continue
    }
    usable = false
    if (problem.keyword === 'required') {
      const key = String((problem.params as {missingProperty: string}).missingProperty)
      const hint = hintOf((problem.parentSchema as {properties?: Record<string, Schema>}).properties?.[key])
      error(file, `Missing \`${name([...path, key])}\` in the ${what}: add a line \`${key}: …\`${hint ? ` (${hint})` : ''}`, source.place(path), 'missing-field')
      continue
    }
    error(file, describe(problem, path), source.place(path), 'invalid-field')
  }
  return usable
}

function describe(problem: ErrorObject, path: Array<string | number>): string {
  const hint = hintOf(problem.parentSchema)
  const field = `\`${name(path)}\``
  switch (problem.keyword) {
    case 'type':
      return `${field} must be ${article((problem.params as {type: string}).type)}${hint ? `: ${hint}` : ''}`
    case 'enum':
      return `${field} must be one of ${((problem.params as {allowedValues: unknown[]}).allowedValues).map((value) => `\`${String(value)}\``).join(', ')}`
    default:
      return `${field} is not valid${hint ? `: ${hint}` : ` (${problem.message ?? problem.keyword})`}`
  }
}

function hintOf(schema: unknown): string | undefined {
  return schema && typeof schema === 'object' && 'hint' in schema ? String((schema as {hint: unknown}).hint) : undefined
}

function article(type: string): string {
  const words: Record<string, string> = {string: 'text', array: 'a list', object: 'a group of `key: value` lines', number: 'a number', integer: 'a whole number', boolean: '`true` or `false`', 'boolean,object': '`true`, `false` or a group of `key: value` lines'}
  return words[type] ?? type
}

function toPath(pointer: string): Array<string | number> {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

function name(path: Array<string | number>): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part + 1}]` : index === 0 ? part : `.${part}`)).join('')
}
