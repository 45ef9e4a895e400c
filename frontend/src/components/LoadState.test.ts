import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { ApiError } from '@/api'
import { createAppI18n } from '@/i18n'
import LoadState from './LoadState.vue'

type Props = InstanceType<typeof LoadState>['$props']

function mountWith(props: Props, onRetry: () => void = () => {}) {
  const Host = defineComponent({
    setup: () => () =>
      h(NMessageProvider, null, {
        default: () =>
          h(LoadState, { ...props, onRetry }, {
            default: () => h('p', { 'data-test': 'content' }, 'the rows'),
            empty: () => h('p', { 'data-test': 'empty' }, 'nothing yet'),
            actions: () => h('button', { 'data-test': 'back' }, 'back'),
          }),
      }),
  })
  return mount(Host, { global: { plugins: [createAppI18n('zh-CN')] } })
}

describe('LoadState', () => {
  it('shows the content when there is nothing else to say', () => {
    const w = mountWith({ errorTitle: '加载失败' })
    expect(w.find('[data-test=content]').exists()).toBe(true)
    expect(w.find('[data-test=empty]').exists()).toBe(false)
  })

  it('shows a skeleton while loading, and the empty slot when loaded with nothing', () => {
    const loading = mountWith({ errorTitle: '加载失败', loading: true })
    expect(loading.find('[data-state=loading] .n-skeleton').exists()).toBe(true)
    expect(loading.find('[data-test=content]').exists()).toBe(false)
    const empty = mountWith({ errorTitle: '加载失败', empty: true })
    expect(empty.find('[data-test=empty]').exists()).toBe(true)
    expect(empty.find('[data-test=content]').exists()).toBe(false)
  })

  it('shows an error in the UI language with retry, before loading and empty', async () => {
    let retried = 0
    const err = new ApiError('validation', 'is longer than 200 characters', { field: 'name', reason: 'field.too_long', params: { max: '200' } })
    const w = mountWith({ errorTitle: '加载失败', error: err, loading: true, empty: true }, () => retried++)
    const box = w.find('[data-test=load-error]')
    expect(box.text()).toContain('加载失败')
    expect(box.text()).toContain('超过 200 个字符')
    expect(w.find('[data-test=back]').exists()).toBe(true)
    await w.find('[data-test=load-retry]').trigger('click')
    expect(retried).toBe(1)
  })

  it('names a missing thing and offers no retry for not_found', () => {
    const err = new ApiError('not_found', 'no connector crm')
    const w = mountWith({ errorTitle: '加载失败', error: err, notFoundTitle: '连接器不存在', notFoundHint: '没有 crm' })
    expect(w.find('[data-test=load-error]').text()).toContain('连接器不存在')
    expect(w.find('[data-test=load-error]').text()).toContain('没有 crm')
    expect(w.find('[data-test=load-retry]').exists()).toBe(false)
  })
})
