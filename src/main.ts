// Entry point: mounts the app.

import { mount } from 'svelte';
import App from './ui/App.svelte';
// The stylesheets in cascade order: later files may override earlier ones.
import '../styles/base.css';
import '../styles/layout.css';
import '../styles/sites.css';
import '../styles/check.css';
import '../styles/public.css';
import '../styles/narrow.css';

mount(App, { target: document.getElementById('app')! });
