// What an image's published bytes depend on besides press (sharp, libvips,
// the kind of machine) is told from their packages' files, so that a build
// that encodes nothing never loads sharp; and it changes with them.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {encoderVersion} from '../../pipeline/publish/image-encoder.js'
import {projectRoot} from '../helpers.js'

describe('the encoder an image is made with', () => {
  it('is named from the packages npm installed, without loading sharp', async () => {
    const version = await encoderVersion()
    const sharp = JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'sharp', 'package.json'), 'utf8')) as {version: string}
    const libvips = JSON.parse(readFileSync(join(projectRoot, 'node_modules', '@img', `sharp-libvips-${process.platform}-${process.arch}`, 'package.json'), 'utf8')) as {version: string}
    expect(version).toMatch(/^packages /)
    expect(version).toContain(JSON.stringify(sharp.version))
    expect(version).toContain(JSON.stringify(libvips.version))
    expect(version).toContain(`${process.platform} ${process.arch}`)
    // Not sharp's own report of its libraries, which only loading it gives.
    expect(version).not.toContain('"vips"')
  })
})
