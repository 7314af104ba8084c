import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { App } from './app.tsx';

const saved = localStorage.getItem('outlast-theme');
if (saved === 'dark' || saved === 'light') document.documentElement.dataset.theme = saved;
const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  render(<App />, root);
}
