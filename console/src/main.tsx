// The Tessera web console: mounts the app and marks the first render (npm run bench:console reads it).
import { render } from 'preact';
import { App } from './views/App.tsx';
import './styles.css';

const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
performance.mark('tessera-console-rendered');
