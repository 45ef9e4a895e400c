import { afterEach, beforeEach, vi } from 'vitest'

/**
 * stubFetch puts a vi.fn in place of the global fetch for each test of the
 * calling describe block and takes it (and any window.go a test set) away after.
 */
export function stubFetch() {
  const fetchMock = vi.fn<typeof fetch>()
  beforeEach(() => vi.stubGlobal('fetch', fetchMock))
  afterEach(() => {
    vi.unstubAllGlobals()
    fetchMock.mockReset()
    delete window.go
  })
  return fetchMock
}
