/**
 * detailTexts gives a DetailPage its error states' texts from the page's i18n
 * section, where every detail page names them alike: loadFailed, notFound,
 * notFoundHint (with the keys of what was not found) and the back button's
 * label (`back` unless the section names it otherwise).
 */
export function detailTexts(
  t: (key: string, named: Record<string, unknown>) => string,
  section: string,
  hint: Record<string, unknown>,
  back = 'back',
) {
  return {
    errorTitle: t(`${section}.loadFailed`, {}),
    notFoundTitle: t(`${section}.notFound`, {}),
    notFoundHint: t(`${section}.notFoundHint`, hint),
    backLabel: t(`${section}.${back}`, {}),
  }
}
