import { h, type Component, type Plugin, type VNodeChild } from 'vue'
import { mount } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createAppI18n } from '@/i18n'

interface ProviderOptions {
  locale: 'en' | 'zh-CN'
  /** Plugins besides i18n (pinia, router). */
  plugins?: Plugin[]
  /** Wrap in NDialogProvider too, for components that call useDialog. */
  dialog?: boolean
  stubs?: Record<string, Component>
  attachTo?: HTMLElement
}

/** Mounts what render draws inside the Naive UI providers and the app's i18n, as App.vue does. */
export function mountWithProviders(render: () => VNodeChild, opts: ProviderOptions) {
  const inner = opts.dialog ? () => h(NDialogProvider, null, { default: render }) : render
  return mount(() => h(NMessageProvider, null, { default: inner }), {
    global: { plugins: [...(opts.plugins ?? []), createAppI18n(opts.locale)], stubs: opts.stubs },
    attachTo: opts.attachTo,
  })
}
