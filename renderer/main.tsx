import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initDb } from './db/db';
import './styles.css';

initDb();
if (new URLSearchParams(location.search).get('bench') === '1') void import('./bench/hooks'); // npm run bench only: a separate chunk
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
