import { afterEach, describe, expect, it, vi, type Mock } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NMessageProvider } from 'naive-ui'
import type { UserInput, UserView } from '@/api'
import { createAppI18n } from '@/i18n'
import en from '@/i18n/en.json'
import { confirmError } from './password'
import UserFormDialog from './UserFormDialog.vue'

const add = vi.fn<(input: UserInput) => Promise<UserView>>()
const update = vi.fn<(name: string, input: UserInput) => Promise<UserView>>()
vi.mock('@/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api')>()
  return { ...actual, users: { ...actual.users, add: (i: UserInput) => add(i), update: (n: string, i: UserInput) => update(n, i) } }
})

const view = (name: string, hasPassword = false): UserView => ({ id: name, name, displayName: name, orgId: '', perms: [], hasPassword, createdAt: '' })

// Opened as the page opens it: show goes from false to true.
async function open(user: UserView | null, setPassword = false) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const show = ref(false)
  const Harness = defineComponent({
    render: () => h(NMessageProvider, null, () => h(UserFormDialog, { show: show.value, user, setPassword })),
  })
  const wrapper = mount(Harness, { global: { plugins: [pinia, createAppI18n('en')] }, attachTo: document.body })
  show.value = true
  await flushPromises()
  return wrapper
}

const field = (test: string) => document.querySelector<HTMLInputElement>(`[data-test="${test}"] input`)
async function type(test: string, value: string) {
  const input = field(test)!
  input.value = value
  input.dispatchEvent(new Event('input'))
  await nextTick()
}
const submit = async () => {
  document.querySelector<HTMLButtonElement>('[data-test="user-submit"]')!.click()
  await flushPromises()
}
const text = () => document.body.textContent ?? ''
/** Submits a form the dialog must refuse: call is not made and message is shown. */
async function submitRefused(call: Mock, message: string) {
  await submit()
  expect(call).not.toHaveBeenCalled()
  expect(text()).toContain(message)
}

describe('a profile password is asked for twice', () => {
  // The modal is teleported to the body: each test starts from an empty one.
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('confirmError: nothing to confirm without a password; else both must match', () => {
    expect(confirmError('', '')).toBeNull()
    expect(confirmError('s3cret', '')).toBe('users.password.confirmRequired')
    expect(confirmError('s3cret', 's3cre')).toBe('users.password.mismatch')
    expect(confirmError('s3cret', 's3cret')).toBeNull()
  })

  it('a new profile with a mistyped confirmation is not saved', async () => {
    add.mockReset().mockImplementation(async (i) => view(i.name))
    const wrapper = await open(null)
    expect(field('user-password-confirm')).toBeNull() // shown once a password is typed
    await type('user-name', 'bob')
    await type('user-password', 's3cret')
    expect(field('user-password-confirm')).not.toBeNull()
    await type('user-password-confirm', 's3cre')
    await submitRefused(add, en.users.password.mismatch)

    await type('user-password-confirm', 's3cret')
    await submit()
    expect(add).toHaveBeenCalledTimes(1)
    expect(add.mock.calls[0]![0].password).toBe('s3cret')
    wrapper.unmount()
  })

  it('setting a password on an existing profile asks for it twice too', async () => {
    update.mockReset().mockImplementation(async (n) => view(n, true))
    const wrapper = await open(view('carol'), true)
    await type('user-password', 'pw-1')
    await submitRefused(update, en.users.password.confirmRequired)
    await type('user-password-confirm', 'pw-1')
    await submit()
    expect(update).toHaveBeenCalledWith('carol', expect.objectContaining({ password: 'pw-1' }))
    wrapper.unmount()
  })
})
