// Watches a console page for what must never happen: a request to another origin (the console works
// offline, from the server alone), a Content-Security-Policy violation, an uncaught error.
import type { Page } from 'playwright-core';

export interface PageWatch {
  foreignRequests: string[];
  cspViolations: string[];
  pageErrors: string[];
  requestCount: number;
}

export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { foreignRequests: [], cspViolations: [], pageErrors: [], requestCount: 0 };
  page.on('request', (request) => {
    watch.requestCount++;
    if (new URL(request.url()).origin !== origin) watch.foreignRequests.push(request.url());
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) watch.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  return watch;
}
