import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { InputRouterProvider } from './features/input/InputRouter';
import './styles.css';
import './i18n';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <InputRouterProvider>
      <App />
    </InputRouterProvider>
  </StrictMode>,
);
