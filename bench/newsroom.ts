// Writes a synthetic newsroom for the benchmark: N releases in English,
// French and Chinese, each body about 5 KB with headings, lists, links,
// emphasis and quotes in its own script. The same N gives the same files.
import {appendFile, mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import sharp from 'sharp'

export const benchLanguages = ['en', 'fr', 'zh'] as const
type Language = (typeof benchLanguages)[number]

/** A small, fast, seeded generator (mulberry32), so every run writes the same corpus. */
export function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

const words: Record<Language, readonly string[]> = {
  en: 'embassy consular visa passport delegation ambassador minister culture festival exhibition scholarship students trade partnership agreement bilateral cooperation ceremony community heritage language programme exchange invitation reception delegates forum regional development climate research university library concert citizens registration appointment services office weekday evening season'.split(' '),
  fr: 'ambassade consulaire visa passeport délégation ambassadeur ministre culture festival exposition bourse étudiants commerce partenariat accord bilatéral coopération cérémonie communauté patrimoine langue programme échange invitation réception délégués forum régional développement climat recherche université bibliothèque concert citoyens inscription rendez-vous services bureau semaine soirée saison'.split(' '),
  zh: '大使馆 领事 签证 护照 代表团 大使 部长 文化 节日 展览 奖学金 学生 贸易 伙伴关系 协议 双边 合作 仪式 社区 遗产 语言 项目 交流 邀请 招待会 代表 论坛 地区 发展 气候 研究 大学 图书馆 音乐会 公民 登记 预约 服务 办公室 工作日 晚上 季节'.split(' ')
}

const separators: Record<Language, {space: string; stop: string; comma: string}> = {
  en: {space: ' ', stop: '.', comma: ','},
  fr: {space: ' ', stop: '.', comma: ','},
  zh: {space: '', stop: '。', comma: '，'}
}

function sentence(lang: Language, next: () => number, length: number): string {
  const pool = words[lang]
  const {space, stop, comma} = separators[lang]
  const picked = Array.from({length}, (_, index) => {
    const word = pool[Math.floor(next() * pool.length)]!
    const roll = next()
    if (roll < 0.05) return `**${word}**`
    if (roll < 0.1) return `*${word}*`
    if (roll < 0.13) return `[${word}](https://example.org/${lang}/${index})`
    if (roll < 0.16 && index > 0) return `${word}${comma}`
    return word
  })
  const text = picked.join(space)
  return `${lang === 'zh' ? text : text[0]!.toUpperCase() + text.slice(1)}${stop}`
}

function paragraph(lang: Language, next: () => number): string {
  return Array.from({length: 5}, () => sentence(lang, next, lang === 'zh' ? 18 : 14)).join(lang === 'zh' ? '' : ' ')
}

function body(lang: Language, next: () => number): string {
  const blocks: string[] = []
  while (blocks.join('\n\n').length < (lang === 'zh' ? 2200 : 4800)) {
    const roll = next()
    if (roll < 0.12) blocks.push(`## ${sentence(lang, next, 4).slice(0, -1)}`)
    else if (roll < 0.22) blocks.push(Array.from({length: 4}, () => `- ${sentence(lang, next, 6)}`).join('\n'))
    else if (roll < 0.3) blocks.push(`> ${lang === 'fr' ? '« ' : '“'}${sentence(lang, next, 12)}${lang === 'fr' ? ' »' : '”'}`)
    else blocks.push(paragraph(lang, next))
  }
  return blocks.join('\n\n')
}

/** The id of the `index`-th release: dated one day apart, going back from 2026. */
export function releaseId(index: number): string {
  const date = new Date(Date.UTC(2026, 0, 1) - index * 86_400_000).toISOString().slice(0, 10)
  return `${date}-release-${index}`
}

/** Writes `count` releases into `root/releases`. */
export async function writeNewsroom(root: string, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const id = releaseId(index)
    await mkdir(join(root, 'releases', id), {recursive: true})
    for (const lang of benchLanguages) {
      const next = random(index * 7 + lang.charCodeAt(0))
      const title = sentence(lang, next, 6).replace(/[*[\]()]/g, '').replace(/https?:\/\/\S+/g, '').slice(0, -1)
      const text = ['---', `title: "${title.replace(/"/g, '')}"`, `date: ${id.slice(0, 10)}`, `summary: "${sentence(lang, next, 12).replace(/[*[\]()"]/g, '').replace(/https?:\/\/\S+/g, '')}"`, 'dateline: OTTAWA', 'contacts:', '  - name: Press Office', '    email: press@embassy.example.org', '---', '', body(lang, next), ''].join('\n')
      await writeFile(join(root, 'releases', id, `${lang}.md`), text)
    }
  }
}

/**
 * Puts a photo beside each of the first `count` releases, shown in each of its
 * translations: 2000 × 1333 pixels, about 400 KB, each with pixels of its own
 * (a photo shared by every release would be made once, and measure nothing).
 */
export async function addPhotos(root: string, count: number): Promise<void> {
  const width = 2000
  const height = 1333
  // Smoothed noise compresses as a photograph does, not as a flat colour.
  const base = await sharp({create: {width, height, channels: 3, background: {r: 90, g: 120, b: 150}, noise: {type: 'gaussian', mean: 128, sigma: 60}}}).blur(2).raw().toBuffer()
  for (let index = 0; index < count; index++) {
    const pixels = Buffer.from(base)
    const row = (index * 37) % (height - 40)
    pixels.fill(index % 256, row * width * 3, (row + 40) * width * 3)
    const folder = join(root, 'releases', releaseId(index))
    await writeFile(join(folder, 'photo.jpg'), await sharp(pixels, {raw: {width, height, channels: 3}}).jpeg({quality: 85}).toBuffer())
    for (const lang of benchLanguages) await appendFile(join(folder, `${lang}.md`), '\n![The embassy garden in spring](photo.jpg)\n')
  }
}

