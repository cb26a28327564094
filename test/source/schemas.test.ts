// Press's own schemas, compiled without JSON Schema's meta-schema at each
// start (that took a tenth of a start-up): checked against it here instead,
// as strictly as the reader compiles them.
import {Ajv} from 'ajv'
import {describe, expect, it} from 'vitest'
import {settingsSchema} from '../../pipeline/source/settings.js'
import {frontMatterSchema} from '../../pipeline/source/validate.js'
import {localeSchema} from '../../pipeline/source/locale-file.js'

const checker = () => {
  const ajv = new Ajv({strict: true, allowUnionTypes: true, validateSchema: true})
  ajv.addVocabulary(['hint'])
  ajv.addFormat('date', true).addFormat('date-time', true).addFormat('email', true).addFormat('uri', true)
  return ajv
}

describe('the schemas press checks files with', () => {
  it('should each be a valid JSON schema', () => {
    for (const [name, schema] of Object.entries({settingsSchema, frontMatterSchema, localeSchema})) {
      const ajv = checker()
      expect(ajv.validateSchema(schema), `${name}: ${ajv.errorsText()}`).toBe(true)
    }
  })

  it('should find a schema with a mistake in it', () => {
    const ajv = checker()
    expect(ajv.validateSchema({...frontMatterSchema, properties: {title: {type: 'text'}}})).toBe(false)
    expect(ajv.validateSchema({...localeSchema, required: 'name'})).toBe(false)
  })
})
