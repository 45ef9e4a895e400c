import { createRouter, createWebHashHistory, type RouterHistory } from 'vue-router'
import ConnectorDetailPage from '@/features/connectors/ConnectorDetailPage.vue'
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
        component: ConnectorDetailPage,
        props: (route) => ({ connectorKey: String(route.params.key) }),
      },
      { path: '/:rest(.*)*', redirect: '/connectors' },
    ],
  })
}
