import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, reactive } from 'vue'
import { mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { createAppI18n } from '@/i18n'
import ConnectionForm from './ConnectionForm.vue'
import en from '@/i18n/en.json'
import { connectionWarnings } from './errors'
import { emptyForm, type ConnectionForm as Form } from './form'

function mountForm(over: Partial<Form> = {}, warnings: Record<string, string> = {}, readOnly = false) {
  const form = reactive<Form>({ ...emptyForm(), ...over })
  const Harness = defineComponent({
    render: () =>
      h(NMessageProvider, null, () => h(ConnectionForm, { form, editing: false, readOnly, errors: {}, warnings, errorRows: {} })),
  })
  const wrapper = mount(Harness, { global: { plugins: [createAppI18n('en')] } })
  const shown = (test: string) => wrapper.find(`[data-test="${test}"]`).exists()
  return { form, wrapper, shown }
}

describe('ConnectionForm', () => {
  it('shows the TLS section for https only, and the certificates only while verification is on', async () => {
    const { form, shown } = mountForm({ protocol: 'https' })
    expect(shown('tls-section')).toBe(true)
    expect(shown('conn-client-cert')).toBe(true)
    expect(shown('conn-cert-password')).toBe(true)
    expect(shown('conn-ca-cert')).toBe(true)

    form.skipVerify = true
    await nextTick()
    expect(shown('tls-section')).toBe(true)
    expect(shown('conn-client-cert')).toBe(false)
    expect(shown('conn-cert-password')).toBe(false)
    expect(shown('conn-ca-cert')).toBe(false)

    form.protocol = 'http'
    await nextTick()
    expect(shown('tls-section')).toBe(false)
  })

  it('warns that saving drops the certificates that skipping verification hides', async () => {
    const { form, shown } = mountForm({ protocol: 'https', clientCertPath: '/c.p12' })
    expect(shown('certs-dropped')).toBe(false)
    form.skipVerify = true
    await nextTick()
    expect(shown('certs-dropped')).toBe(true)
  })

  it('shows each auth scheme its own fields and the account fields it reads', async () => {
    const { form, shown, wrapper } = mountForm()
    expect(shown('apikey-fields') || shown('te-fields') || shown('account-hint')).toBe(false)

    form.authType = 'apiKey'
    await nextTick()
    expect(shown('apikey-fields')).toBe(true)
    expect(wrapper.find('[data-test="account-hint"]').text()).toContain('key')

    form.authType = 'basic'
    await nextTick()
    expect(shown('apikey-fields')).toBe(false)
    expect(wrapper.find('[data-test="account-hint"]').text()).toMatch(/username.*password/)

    form.authType = 'tokenExchange'
    form.te.body = [{ key: 'appKey', value: '{{account.appKey}}' }]
    await nextTick()
    expect(shown('te-fields')).toBe(true)
    expect(shown('te-expires-path')).toBe(true)
    expect(shown('refresh-rows')).toBe(false)
    expect(wrapper.find('[data-test="account-hint"]').text()).toContain('appKey')

    form.te.expiry = 'ttl'
    form.te.refreshMode = 'simple'
    await nextTick()
    expect(shown('te-expires-path')).toBe(false)
    expect(shown('refresh-rows')).toBe(true)
  })

  it('shows the proxy URL only for a chosen proxy', async () => {
    const { form, shown } = mountForm()
    expect(shown('conn-proxy-url')).toBe(false)
    form.proxyMode = 'url'
    await nextTick()
    expect(shown('conn-proxy-url')).toBe(true)
  })

  it('shows an out-of-range timeout inline with the range, and keeps what was typed', async () => {
    const { form, wrapper } = mountForm()
    const feedback = () => wrapper.find('[data-test="conn-connect-timeout"]').element.closest('.n-form-item')!.textContent ?? ''
    expect(feedback()).toContain('1–3600 seconds, default 60')
    const input = wrapper.find('[data-test="conn-connect-timeout"] input')
    await input.setValue('0')
    await input.trigger('blur')
    await nextTick()
    expect(form.connectTimeoutSec).toBe(0)
    expect(feedback()).toContain('Enter a whole number from 1 to 3600 (seconds)')
    await input.setValue('99999')
    await input.trigger('blur')
    await nextTick()
    expect(form.connectTimeoutSec).toBe(99999)
    expect(feedback()).toContain('Enter a whole number from 1 to 3600')
    await input.setValue('30')
    await input.trigger('blur')
    await nextTick()
    expect(feedback()).not.toContain('Enter a whole number')
  })

  it('shows a save warning on the certificate path it is about, not as an error', () => {
    const t = (key: string) => (key === 'connection.warnings.certMissing' ? en.connection.warnings.certMissing : key)
    const warnings = connectionWarnings(
      [{ field: 'tls.caCertPath', code: 'missing', message: 'no file at /etc/ca.pem yet: calls fail until it is put there' }],
      t,
    )
    expect(warnings).toEqual({ caCertPath: en.connection.warnings.certMissing })
    const { wrapper } = mountForm({ protocol: 'https', caCertPath: '/etc/ca.pem' }, warnings)
    const item = wrapper.find('[data-test="conn-ca-cert"]').element.closest('.n-form-item')!
    expect(item.textContent).toContain(en.connection.warnings.certMissing)
    expect(item.querySelector('.n-form-item-feedback--warning')).not.toBeNull()
    expect(item.querySelector('.n-form-item-feedback--error')).toBeNull()
    // The client certificate has no warning: its help text stays.
    const cert = wrapper.find('[data-test="conn-client-cert"]').element.closest('.n-form-item')!
    expect(cert.textContent).not.toContain(en.connection.warnings.certMissing)
  })

  it('shows a view-only profile no edit hints: no add or remove rows, no examples, no required marks', async () => {
    const over: Partial<Form> = { authType: 'tokenExchange' }
    const editable = mountForm(over)
    editable.form.te.body = [{ key: 'appKey', value: '{{account.appKey}}' }]
    await nextTick()
    expect(editable.wrapper.findAll('button.add').length).toBeGreaterThan(0)
    expect(editable.wrapper.find('[aria-label="Remove row"]').exists()).toBe(true)
    expect(editable.wrapper.find('.connection-form').classes()).not.toContain('read-only')

    const view = mountForm(over, {}, true)
    view.form.te.body = [{ key: 'appKey', value: '{{account.appKey}}' }]
    await nextTick()
    expect(view.wrapper.findAll('button.add')).toHaveLength(0)
    expect(view.wrapper.find('[aria-label="Remove row"]').exists()).toBe(false)
    // The placeholders (examples to type) are hidden by this class.
    expect(view.wrapper.find('.connection-form').classes()).toContain('read-only')
    expect(view.wrapper.find('.n-form-item-label__asterisk').exists()).toBe(false)
  })
})
