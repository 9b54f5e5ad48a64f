import { type NextFunction, type Request, type Response } from 'express';
import { type PeelConfig } from '../config/config';

/** HSTS: one year, subdomains included, sent only when Peel runs behind TLS (secure cookies). */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Where images may load from: this origin, `data:` and `blob:` (the comparator's difference
 * overlay and decoded previews) and, unless every image comes from the local mirror, the
 * configured image CDN plus any https host (source images are served from their own hosts, as the
 * dataset names them).
 */
export function imageSources(config: Pick<PeelConfig, 'imageDir' | 'imageBaseUrl'>): string[] {
  const sources = ["'self'", 'data:', 'blob:'];
  if (config.imageDir) return sources;
  const cdn = new URL(config.imageBaseUrl).origin;
  return [...sources, cdn, 'https:'];
}

/** The app's Content-Security-Policy: no inline script, no plugins, never framed. */
export function contentSecurityPolicy(
  config: Pick<PeelConfig, 'imageDir' | 'imageBaseUrl'>,
  options: { inlineStyles?: boolean } = {},
): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': options.inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': imageSources(config),
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * Security headers on every response (API, HTML shell, static files, images, errors), set before
 * anything else runs so that even a refused or oversized request carries them. The API docs page
 * (`/api/docs`, Swagger UI) keeps script-src 'self' but needs its inline styles.
 */
export function securityHeaders(config: PeelConfig) {
  const appPolicy = contentSecurityPolicy(config);
  const docsPolicy = contentSecurityPolicy(config, { inlineStyles: true });
  return (request: Request, response: Response, next: NextFunction): void => {
    const docs = request.path === '/api/docs' || request.path.startsWith('/api/docs/');
    response.setHeader('Content-Security-Policy', docs ? docsPolicy : appPolicy);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    response.setHeader('Origin-Agent-Cluster', '?1');
    response.setHeader('X-DNS-Prefetch-Control', 'off');
    response.setHeader('X-Permitted-Cross-Domain-Policies', 'none');
    response.setHeader(
      'Permissions-Policy',
      'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    );
    if (config.secureCookies) response.setHeader('Strict-Transport-Security', HSTS);
    // API answers are per user and often personal: never stored by a browser or a proxy.
    if (request.path.startsWith('/api/') && !docs) response.setHeader('Cache-Control', 'no-store');
    response.removeHeader('X-Powered-By');
    next();
  };
}
