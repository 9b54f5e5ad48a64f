import { createHash } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { createReadStream, promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { BlockList, isIP } from 'node:net';

/** A byte stream to import, with what is known of its size (for a percentage). */
export interface ImportInput {
  /** The path or URL as given, recorded with the import. */
  source: string;
  size?: number;
  chunks: AsyncIterable<Uint8Array>;
}

/** A problem with the input as a whole (not one line of it): it is recorded as a failed import. */
export class ImportSourceError extends Error {}

export interface SourceOptions {
  /**
   * Whether a URL may reach loopback, private, link-local and other non-public addresses. Off
   * for imports from the API (an admin's URL must not reach the metadata service or the database
   * next to the server); on for the CLI, whose operator already has the machine.
   */
  allowPrivateHosts: boolean;
}

/** Opens a local path or an http(s) URL as a stream of bytes, never reading it whole. */
export async function openSource(source: string, options: SourceOptions): Promise<ImportInput> {
  if (/^https?:\/\//i.test(source)) return openUrl(source, options);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
    throw new ImportSourceError(`${source}: only local paths and http(s) URLs can be imported`);
  }
  let stat;
  try {
    stat = await fs.stat(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportSourceError(
      code === 'ENOENT' ? `${source}: no such file` : `${source}: cannot be read (${code})`,
    );
  }
  if (!stat.isFile()) throw new ImportSourceError(`${source}: not a file`);
  return {
    source,
    size: stat.size,
    chunks: createReadStream(source, { highWaterMark: 1 << 20 }),
  };
}

/** Addresses that are not the public internet (RFC 6890 and friends), by family. */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is on the public internet (IPv4-mapped IPv6 judged as its IPv4). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(.+)$/i.exec(address)?.[1];
  if (family === 6 && mapped) {
    const groups = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(mapped);
    const v4 = groups
      ? [parseInt(groups[1], 16), parseInt(groups[2], 16)]
          .flatMap((group) => [group >> 8, group & 255])
          .join('.')
      : mapped;
    return isIP(v4) === 4 && isPublicAddress(v4);
  }
  return !NON_PUBLIC.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function refusal(host: string, address: string): ImportSourceError {
  return new ImportSourceError(
    `${host} is ${address === host ? '' : `at ${address}, `}not a public address: URL imports ` +
      'reach public hosts only (PEEL_IMPORT_ALLOW_PRIVATE_URLS=true allows private ones)',
  );
}

/**
 * The resolver the connection itself uses, refusing non-public addresses: checked at connect
 * time, so a name that resolves differently on a second lookup (DNS rebinding) gains nothing.
 */
function publicLookup(
  hostname: string,
  options: LookupOptions,
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(refusal(hostname, refused.address), '');
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

const MAX_REDIRECTS = 5;

async function openUrl(url: string, options: SourceOptions): Promise<ImportInput> {
  let target = new URL(url);
  for (let hop = 0; ; hop += 1) {
    const response = await get(target, options);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      response.resume();
      if (hop === MAX_REDIRECTS) throw new ImportSourceError(`GET ${url}: too many redirects`);
      target = new URL(location, target);
      if (!/^https?:$/.test(target.protocol)) {
        throw new ImportSourceError(`GET ${url} redirects to ${target.href}: not http(s)`);
      }
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new ImportSourceError(
        `GET ${url} answered ${status} ${response.statusMessage ?? ''}`.trim(),
      );
    }
    const length = Number(response.headers['content-length']);
    return {
      source: url,
      size: Number.isFinite(length) && length > 0 ? length : undefined,
      chunks: response,
    };
  }
}

/** One GET, no body decoding (none is asked for), the address checked unless allowed. */
function get(target: URL, options: SourceOptions): Promise<http.IncomingMessage> {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  // A literal address is connected to without a lookup: check it here.
  if (!options.allowPrivateHosts && isIP(host) && !isPublicAddress(host)) {
    return Promise.reject(refusal(host, host));
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      target,
      {
        headers: { 'user-agent': 'peel-import', 'accept-encoding': 'identity' },
        ...(options.allowPrivateHosts ? {} : { lookup: publicLookup as never }),
      },
      resolve,
    );
    request.once('error', (error) =>
      reject(
        error instanceof ImportSourceError
          ? error
          : new ImportSourceError(`GET ${target.href} failed: ${error.message}`),
      ),
    );
  });
}

/** Passes the bytes through while counting them and computing their sha256. */
export class Digest {
  private readonly hash = createHash('sha256');
  bytes = 0;

  async *tap(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      this.hash.update(chunk);
      this.bytes += chunk.length;
      yield chunk;
    }
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}
