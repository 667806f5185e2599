import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { DisplayScreen } from './features/display/DisplayScreen';
import { InputRouterProvider } from './features/input/InputRouter';
import './styles.css';
import './i18n';

// `/display` (the browser host) or `#display` (Electron's second window) is the screen that faces the entrant: it
// takes no keys and shows nothing personal.
const isDisplay = location.pathname === '/display' || location.hash === '#display';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {isDisplay ? <DisplayScreen /> : (
      <InputRouterProvider>
        <App />
      </InputRouterProvider>
    )}
  </StrictMode>,
);
