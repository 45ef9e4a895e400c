/** The rule backend/domain applies to every key. */
export const keyPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/

const maxKeyLength = 64

/**
 * suggestKey turns a connector name into a key the backend accepts:
 * "Open Platform (HR)" becomes "open-platform-hr", "Café Übersicht" becomes
 * "cafe-ubersicht". Characters without a Latin spelling (Chinese, for one) are
 * left out, so "钉钉 Open API" becomes "open-api" and "钉钉" becomes "", which
 * leaves the choice to the user.
 */
export function suggestKey(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug.slice(0, maxKeyLength).replace(/-+$/, '')
}

export function isValidKey(key: string): boolean {
  return keyPattern.test(key)
}
