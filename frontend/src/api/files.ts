// Packages to and from files in both doors: the desktop window saves and opens
// them with native dialogs (Exchange.ExportToFile / ImportFromFile); a browser
// downloads the package text as a file and reads one chosen with <input type=file>.
import { call, hasDesktop } from './transport'
import type { ImportOptions, ImportReport } from './types'

/** The file name a package of these connectors is saved under. */
export function packageFileName(keys: string[]): string {
  return keys.length === 1 ? `${keys[0]}.junction.json` : 'connectors.junction.json'
}

/**
 * exportToFile saves the package of the connectors keys (with their secrets
 * when a passphrase is given). It returns where it went — the path in the
 * window, the file name of the download in a browser — or '' when cancelled.
 */
export async function exportToFile(keys: string[], passphrase = ''): Promise<string> {
  if (hasDesktop()) {
    return call('Exchange', 'ExportToFile', keys, passphrase)
  }
  const text = await call('Exchange', 'Export', keys, passphrase)
  const name = packageFileName(keys)
  download(name, text, 'application/json')
  return name
}

/** importFromFile asks for a package file and imports it; null when cancelled. */
export async function importFromFile(opts: ImportOptions, passphrase = ''): Promise<ImportReport | null> {
  if (hasDesktop()) {
    return call('Exchange', 'ImportFromFile', opts, passphrase)
  }
  const text = await pickTextFile('.json,application/json')
  if (text === null) {
    return null
  }
  return call('Exchange', 'Import', text, opts, passphrase)
}

/** download hands text to the browser as a file download. */
export function download(name: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoke after the click has been handled; the download keeps its own copy.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** pickTextFile lets the user choose a file and reads it as UTF-8 text; null when cancelled. */
export function pickTextFile(accept: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = accept
    input.style.display = 'none'
    const done = () => input.remove()
    input.addEventListener('change', () => {
      const file = input.files?.[0]
      done()
      if (!file) {
        resolve(null)
        return
      }
      file.text().then(resolve, reject)
    })
    input.addEventListener('cancel', () => {
      done()
      resolve(null)
    })
    document.body.appendChild(input)
    input.click()
  })
}
