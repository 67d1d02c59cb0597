/** Renderer entry: pick the transport (Electron bridge or loopback web), install Pinia, mount the studio. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { connect } from './api';
import './styles.css';

connect();
createApp(App).use(createPinia()).mount('#app');
