// Entry point: mounts the app.

import { mount } from 'svelte';
import App from './ui/App.svelte';
import '../styles/app.css';

mount(App, { target: document.getElementById('app')! });
