/**
 * The result of a vi.mock factory: the real module, with some methods of its
 * api objects replaced, so each test stands in only for the calls it drives.
 *
 *   vi.mock('@/api', (orig) => withApiOverrides<typeof import('@/api')>(orig, { users: { list: async () => [] } }))
 */
export async function withApiOverrides<M extends object>(
  importOriginal: <T>() => Promise<T>,
  overrides: { [K in keyof M]?: Partial<M[K]> },
): Promise<M> {
  const actual = await importOriginal<M>()
  const mocked: M = { ...actual }
  for (const key of Object.keys(overrides) as (keyof M)[]) {
    mocked[key] = { ...actual[key], ...overrides[key] } as M[keyof M]
  }
  return mocked
}
