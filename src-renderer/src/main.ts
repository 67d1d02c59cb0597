/** Renderer entry: pick the transport (Electron bridge or loopback web), install Pinia and i18n, mount the studio. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { connect } from './api';
import { i18n } from './i18n';
import './styles.css';

connect();
createApp(App).use(createPinia()).use(i18n).mount('#app');
