import { createRouter, createWebHashHistory, type RouterHistory } from 'vue-router'
// The connector centre, where the app opens, is in the entry chunk; every other page loads when first visited.
import ConnectorListPage from '@/features/connectors/ConnectorListPage.vue'

export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    routes: [
      { path: '/', redirect: '/connectors' },
      { path: '/connectors', name: 'connectors', component: ConnectorListPage },
      {
        path: '/connectors/:key',
        name: 'connector',
        component: () => import('@/features/connectors/ConnectorDetailPage.vue'),
        props: (route) => ({ connectorKey: String(route.params.key) }),
      },
      // The interface editor (features/interfaces); "new" is matched before :iface.
      {
        path: '/connectors/:key/interfaces/new',
        name: 'interface-new',
        component: () => import('@/features/interfaces/InterfaceEditorPage.vue'),
        props: (route) => ({ connectorKey: String(route.params.key), ifaceKey: null }),
      },
      {
        path: '/connectors/:key/interfaces/:iface',
        name: 'interface',
        component: () => import('@/features/interfaces/InterfaceEditorPage.vue'),
        props: (route) => ({ connectorKey: String(route.params.key), ifaceKey: String(route.params.iface) }),
      },
      {
        path: '/connectors/:key/interfaces/:iface/test',
        name: 'interface-test',
        component: () => import('@/features/console/ConsolePage.vue'),
        props: (route) => ({ connectorKey: String(route.params.key), ifaceKey: String(route.params.iface) }),
      },
      // 动作流: the list, the editor ("new" is matched before :key) and a flow's 运行记录.
      { path: '/flows', name: 'flows', component: () => import('@/features/flows/FlowsPage.vue') },
      {
        path: '/flows/new',
        name: 'flow-new',
        component: () => import('@/features/flows/FlowEditorPage.vue'),
        props: () => ({ flowKey: null }),
      },
      {
        path: '/flows/:key',
        name: 'flow',
        component: () => import('@/features/flows/FlowEditorPage.vue'),
        props: (route) => ({ flowKey: String(route.params.key) }),
      },
      {
        path: '/flows/:key/runs',
        name: 'flow-runs',
        component: () => import('@/features/flows/FlowRunsPage.vue'),
        props: (route) => ({ flowKey: String(route.params.key) }),
      },
      { path: '/audit', name: 'audit', component: () => import('@/features/audit/AuditLogPage.vue') },
      { path: '/users', name: 'users', component: () => import('@/features/users/UsersPage.vue') },
      { path: '/settings', name: 'settings', component: () => import('@/features/settings/SettingsPage.vue') },
      { path: '/:rest(.*)*', redirect: '/connectors' },
    ],
  })
}
