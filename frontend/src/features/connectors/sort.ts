/** A column's sort order as Naive's data table names it; false is unsorted. */
export type SortOrder = 'ascend' | 'descend' | false

/** byText compares names and keys as a reader of the UI's language expects (Chinese by pinyin, "v2" before "v10"). */
export function byText(locale: string) {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' })
  return (a: string, b: string) => collator.compare(a, b)
}

/** byTime compares backend timestamps. */
export const byTime = (a: string, b: string) => (Date.parse(a) || 0) - (Date.parse(b) || 0)

/** sortRows returns the rows in the order asked for (a copy), or as they are when unsorted. */
export function sortRows<T>(rows: T[], compare: ((a: T, b: T) => number) | null, order: SortOrder): T[] {
  if (!compare || !order) return rows
  const sign = order === 'ascend' ? 1 : -1
  return [...rows].sort((a, b) => sign * compare(a, b))
}
