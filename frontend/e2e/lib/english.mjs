// englishSentences finds English prose on a page that should speak Chinese:
// visible text nodes with a run of three or more plain ASCII words. Code and
// data are left out: code, pre, monospace and editable elements, and within a
// text anything that looks like a key, host, path, URL, template or JSON.
// allow lists the few phrases that are names, not sentences.

/** Phrases that may appear in a Chinese UI as they are (names of schemes, formats, products). */
export const allowedPhrases = ['API Key', 'App Code', 'Token Exchange', 'Basic Auth', 'Bearer Token', 'Junction']

/** englishSentences returns each offending text, with a short path of where it is. */
export function englishSentences(page, allow = allowedPhrases) {
  return page.evaluate((allow) => {
    const skip =
      'code, pre, kbd, samp, script, style, textarea, input, svg, [contenteditable=true], .mono, .hljs, [translate=no]'
    // Data inside a text: URLs, paths, hosts, templates, JSON-ish spans, keys with punctuation or digits.
    const data = [
      /\b[a-z][\w+.-]*:\/\/\S+/gi,
      /\{\{[^}]*\}\}/g,
      /[{[][^\]}]*[\]}]/g,
      /(^|\s)\/\S*/g,
      /\b[\w-]+(\.[\w-]+)+(:\d+)?\b/g,
      /\b\S*[_/:=@#\d]\S*\b/g,
    ]
    const word = /^[A-Za-z]+[,.;:!?)'"’]*$/
    const found = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement
      if (!el || el.closest(skip)) continue
      if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue
      let text = node.textContent ?? ''
      for (const phrase of allow) text = text.split(phrase).join(' ')
      for (const re of data) text = text.replace(re, ' ')
      let run = 0
      for (const token of text.split(/\s+/)) {
        // Punctuation left where data was neither counts nor ends a run.
        if (!/[\p{L}\p{N}]/u.test(token)) continue
        run = word.test(token) ? run + 1 : 0
        if (run >= 3) {
          const where = [el.dataset.test, el.className].filter(Boolean).join(' ') || el.tagName.toLowerCase()
          found.push(`${(node.textContent ?? '').trim()}  [${where}]`)
          break
        }
      }
    }
    return found
  }, allow)
}
