import { afterEach, describe, expect, it, vi } from 'vitest'
import { h } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { mountWithProviders } from '@/test/mount'
import VerifyBadge from './VerifyBadge.vue'

// The badge reaches the backend through @/api only; the test stands in for audit.verify.
const verify = vi.fn()
vi.mock('@/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api')>()
  return { ...actual, audit: { ...actual.audit, verify: () => verify() } }
})

const mounted: { unmount: () => void }[] = []
afterEach(() => {
  mounted.splice(0).forEach((w) => w.unmount())
  verify.mockReset()
  vi.useRealTimers()
})

const anchor = { path: '', checked: true, seq: 56 }

/** Mounts the badge with the clock at now (Date only is faked) and audit.verify answering result. */
async function mountBadge(locale: 'zh-CN' | 'en', now: Date, result: unknown) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(now)
  verify.mockResolvedValue(result)
  const outer = mountWithProviders(() => h(VerifyBadge), { locale })
  mounted.push(outer)
  await flushPromises()
  return outer.findComponent(VerifyBadge)
}

describe('VerifyBadge', () => {
  it('says what 立即校验 found and when', async () => {
    const w = await mountBadge('zh-CN', new Date(2026, 11, 2, 10, 42, 3), { entries: 56, ok: true, truncated: false, hashOnly: 0, anchor, message: 'Entry 56, the newest the anchor file names, is in place.' })
    expect(w.find('[data-test="verify-outcome"]').text()).toBe('已校验：链完整，共 56 条 · 10:42:03')
    expect(w.find('[data-test="verify-outcome"]').attributes('role')).toBe('status')

    vi.setSystemTime(new Date(2026, 11, 2, 10, 43, 9))
    await w.find('[data-test="verify-now"]').trigger('click')
    await flushPromises()
    expect(verify).toHaveBeenCalledTimes(2)
    expect(w.find('[data-test="verify-outcome"]').text()).toBe('已校验：链完整，共 56 条 · 10:43:09')
    expect(w.emitted('verified')).toHaveLength(1)
  })

  it('on a broken chain names the first bad entry and the backend message', async () => {
    const message = 'Entries were deleted from the end: the log ends at seq 54; the anchor says 56.'
    const w = await mountBadge('en', new Date(2026, 11, 2, 10, 42, 3), { entries: 54, ok: false, firstBad: 55, truncated: true, hashOnly: 0, anchor, message })
    expect(w.find('[data-test="verify-outcome"]').text()).toContain('Verified: entry 55 does not match · 10:42:03')
    expect(w.find('[data-test="verify-detail"]').text()).toBe(message)
  })

  it('counts in English with the right plural', async () => {
    const w = await mountBadge('en', new Date(2026, 11, 2, 9, 5, 0), { entries: 1, ok: true, truncated: false, hashOnly: 0, anchor, message: '' })
    expect(w.find('[data-test="verify-outcome"]').text()).toBe('Verified: chain intact, 1 entry · 09:05:00')
    expect(w.find('[data-test="verify-detail"]').exists()).toBe(false)
  })
})
