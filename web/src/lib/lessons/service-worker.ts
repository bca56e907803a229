/**
 * Registers `sw.js` (from `public/`), which caches the static build so the app and its
 * lessons work offline after one visit. Production builds only: in development the service
 * worker would serve stale modules to Vite's dev server.
 */

/** Register the offline cache once the page has loaded (no-op in development or without support). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('./sw.js').catch((err: unknown) => {
      console.warn(`stageplay: offline cache unavailable: ${err instanceof Error ? err.message : String(err)}`);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
