import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { NMessageProvider } from 'naive-ui'
import { ApiError, type UserView } from '@/api'
import { createAppI18n } from '@/i18n'
import { useSession } from '@/stores/session'
import PasswordPrompt from './PasswordPrompt.vue'

// The prompt reaches the backend only through @/api's session.
const enter = vi.fn<(password: string) => Promise<UserView>>()
vi.mock('@/api', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/api')>()
  return { ...actual, session: { ...actual.session, enter: (pw: string) => enter(pw) } }
})

// Naive's modal renders into a teleport; the stand-in renders its content in place.
const PlainModal = defineComponent({
  props: { show: Boolean, title: { type: String, default: '' } },
  setup: (props, { slots }) => () =>
    props.show ? h('div', { class: 'plain-modal' }, [h('h2', props.title), slots.default?.(), slots.footer?.()]) : null,
})

function mountPrompt(locale: 'zh-CN' | 'en') {
  const pinia = createPinia()
  setActivePinia(pinia)
  const entered = vi.fn()
  const wrapper = mount(
    defineComponent({ render: () => h(NMessageProvider, null, () => h(PasswordPrompt, { onEntered: entered })) }),
    { global: { plugins: [pinia, createAppI18n(locale)], stubs: { Modal: PlainModal } }, attachTo: document.body },
  )
  return { wrapper, session: useSession(), entered }
}

const locked = () =>
  new ApiError('permission', 'profile carol has a password: give it to act as carol', {
    reason: 'door.password_needed',
    params: { profile: 'carol' },
  })

describe('PasswordPrompt', () => {
  afterEach(() => enter.mockReset())

  it('stays hidden unless the backend asks for the password', async () => {
    const { wrapper, session } = mountPrompt('en')
    expect(wrapper.find('[data-test="password-prompt-input"]').exists()).toBe(false)
    session.error = new ApiError('permission', 'no')
    await flushPromises()
    expect(wrapper.find('[data-test="password-prompt-input"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('asks in Chinese, refuses a wrong password and unlocks with the right one', async () => {
    const { wrapper, session, entered } = mountPrompt('zh-CN')
    session.error = locked()
    await flushPromises()
    expect(wrapper.text()).toContain('输入 carol 的密码')

    enter.mockRejectedValueOnce(new ApiError('permission', 'wrong password for profile carol'))
    await wrapper.find('[data-test="password-prompt-input"] input').setValue('nope')
    await wrapper.find('[data-test="password-prompt-submit"]').trigger('click')
    await flushPromises()
    expect(enter).toHaveBeenCalledWith('nope')
    expect(wrapper.find('[data-test="password-prompt-error"]').text()).toBe('密码错误，请重试。')

    enter.mockResolvedValueOnce({ name: 'carol', displayName: 'Carol', perms: [], hasPassword: true } as unknown as UserView)
    await wrapper.find('[data-test="password-prompt-input"] input').setValue('correct horse')
    await wrapper.find('[data-test="password-prompt-submit"]').trigger('click')
    await flushPromises()
    expect(enter).toHaveBeenLastCalledWith('correct horse')
    expect(session.me?.name).toBe('carol')
    expect(session.error).toBeNull()
    expect(entered).toHaveBeenCalledWith('carol')
    expect(wrapper.find('[data-test="password-prompt-input"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('speaks English too', async () => {
    const { wrapper, session } = mountPrompt('en')
    session.error = locked()
    await flushPromises()
    expect(wrapper.text()).toContain('Enter the password of carol')
    expect(wrapper.text()).toContain('which has a password')
    wrapper.unmount()
  })
})
