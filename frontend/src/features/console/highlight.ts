// highlight.js with the languages the console shows (core only: the full
// build would add every language to the bundle).
import hljs from 'highlight.js/lib/core'
import json from 'highlight.js/lib/languages/json'
import xml from 'highlight.js/lib/languages/xml'
import type { BodyKind } from './body'

hljs.registerLanguage('json', json)
hljs.registerLanguage('xml', xml)

/** highlight returns the HTML of text highlighted as kind (escaped; safe for v-html), or null for plain text. */
export function highlight(text: string, kind: BodyKind): string | null {
  if (kind === 'text') {
    return null
  }
  return hljs.highlight(text, { language: kind === 'json' ? 'json' : 'xml', ignoreIllegals: true }).value
}
