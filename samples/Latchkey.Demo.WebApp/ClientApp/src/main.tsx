import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { LatchkeyProvider } from '@latchkey/react';
import { App } from './App';
import { readConfig } from './config';
import './styles.css';

const config = readConfig();
const queryClient = new QueryClient();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <LatchkeyProvider publishableKey={config.publishableKey} frontendApiUrl={config.frontendApiUrl}>
      <QueryClientProvider client={queryClient}>
        <App config={config} />
      </QueryClientProvider>
    </LatchkeyProvider>
  </StrictMode>,
);
