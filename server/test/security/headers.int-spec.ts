import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../app';
import { registeredRoutes } from './security-world';

/** Headers every response carries, whatever its status or origin (API, shell, file, image). */
const ALWAYS: Record<string, string | RegExp> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
  'permissions-policy': /camera=\(\)/,
  'content-security-policy': /frame-ancestors 'none'/,
};

function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name, values]),
  );
}

function expectSecure(response: request.Response, what: string): void {
  for (const [name, expected] of Object.entries(ALWAYS)) {
    const value = response.headers[name];
    if (value === undefined) throw new Error(`${what}: no ${name} header`);
    if (typeof expected === 'string') expect(`${what}: ${value}`).toBe(`${what}: ${expected}`);
    else expect(`${what}: ${value}`).toMatch(expected);
  }
  expect(response.headers['x-powered-by']).toBeUndefined();
  const csp = directives(response.headers['content-security-policy']);
  // No inline or evaluated script anywhere, the docs page included.
  expect(csp['script-src']).toEqual(["'self'"]);
  expect(csp['object-src']).toEqual(["'none'"]);
  expect(csp['base-uri']).toEqual(["'self'"]);
}

let dirs: string[] = [];
function tempDir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-headers-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  dirs.push(dir);
  return dir;
}

const SHELL =
  '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';

describe('security headers', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    const client = tempDir({ 'index.html': SHELL, 'assets/app.js': 'console.log(1);\n' });
    const images = tempDir({ 'images/a.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    app = await createTestApp({ imageDir: images, secureCookies: false }, { clientDir: client });
  });

  afterAll(async () => {
    await app.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  it('are on the answer of every registered route (anonymous: mostly 401 and 403)', async () => {
    for (const route of registeredRoutes(app)) {
      const [method, pattern] = route.split(' ');
      const target = pattern.replace(/:\w+/g, '1');
      const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const response = await request(app.getHttpServer())[verb](target);
      expectSecure(response, route);
      if (pattern !== '/api/docs' && !pattern.startsWith('/api/docs'))
        expect(`${route}: ${response.headers['cache-control']}`).toBe(`${route}: no-store`);
    }
  });

  it('are on errors raised before any route: unknown path, bad JSON, oversized body', async () => {
    const server = app.getHttpServer();
    expectSecure(await request(server).get('/api/no-such-route').expect(404), '404');
    expectSecure(
      await request(server)
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"email":'),
      'bad JSON',
    );
    expectSecure(
      await request(server)
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) })),
      'oversized',
    );
  });

  it('are on the HTML shell (any client route), its static files and the images', async () => {
    const server = app.getHttpServer();
    for (const page of ['/', '/rate', '/admin/users']) {
      const shell = await request(server).get(page).expect(200);
      expect(shell.text).toBe(SHELL);
      expectSecure(shell, page);
      const csp = directives(shell.headers['content-security-policy']);
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['style-src']).toEqual(["'self'"]);
      expect(csp['connect-src']).toEqual(["'self'"]);
      expect(csp['form-action']).toEqual(["'self'"]);
      // Images: the local mirror, plus data: and blob: for the comparator's overlays.
      expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    }
    const asset = await request(server).get('/assets/app.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expectSecure(asset, 'static file');
    const image = await request(server).get('/images/images/a.png').expect(200);
    expectSecure(image, 'image');
    expectSecure(await request(server).get('/images/none.png').expect(404), 'missing image');
  });

  it('sends no HSTS without secure cookies', async () => {
    const response = await request(app.getHttpServer()).get('/api/health');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('lets the API docs page keep its inline styles, not inline scripts', async () => {
    const docs = await request(app.getHttpServer()).get('/api/docs').expect(200);
    const csp = directives(docs.headers['content-security-policy']);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(docs.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(docs.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('security headers behind TLS, images from a CDN', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({
      secureCookies: true,
      imageDir: undefined,
      imageBaseUrl: 'https://images.example.test/pico/',
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('sends HSTS and allows images from the CDN and the sources https hosts', async () => {
    const response = await request(app.getHttpServer()).get('/api/health').expect(200);
    expectSecure(response, 'health');
    expect(response.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const csp = directives(response.headers['content-security-policy']);
    expect(csp['img-src']).toEqual([
      "'self'",
      'data:',
      'blob:',
      'https://images.example.test',
      'https:',
    ]);
  });
});
