/**
 * Downloads into the cache, each checked against the SHA-256 it must have
 * before it gets its final name. `curl` does the transfer: it follows the
 * user's proxy settings (https_proxy, no_proxy) and reads file:// URLs.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { cacheName, publish, tempBeside } from './origin-cache.js';
import { findOnPath } from './tools.js';

export class FetchError extends Error {}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Downloads `url` to `dest` (any previous content replaced); FetchError with curl's reason on failure. */
export async function download(url: string, dest: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!findOnPath('curl', env)) throw new FetchError('curl not found on PATH (Debian: apt-get install curl)');
  const r = await execa('curl', ['--fail', '--silent', '--show-error', '--location', '--retry', '2', '--connect-timeout', '30', '--output', dest, url], {
    env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
  });
  if (r.exitCode !== 0) {
    rmSync(dest, { force: true });
    throw new FetchError(`${url}: ${String(r.stderr).trim().split('\n').pop() || `curl exit status ${r.exitCode}`}`);
  }
}

export interface Wanted {
  name: string;
  sha256: string;
  /** Expected size in bytes, when the source of the checksum gives one. */
  size?: number;
}

/**
 * The cached copy of `want`, fetched from the first of `urls` that serves
 * it. A file that arrives with another checksum is deleted and reported.
 */
export async function fetchVerified(want: Wanted, urls: string[], downloads: string, env: NodeJS.ProcessEnv): Promise<string> {
  const final = join(downloads, `${want.sha256}-${cacheName(basename(want.name))}`);
  if (statSync(final, { throwIfNoEntry: false })?.isFile()) return final;
  mkdirSync(downloads, { recursive: true });
  const failures: string[] = [];
  for (const url of urls) {
    const tmp = tempBeside(final);
    try {
      await download(url, tmp, env);
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      failures.push(e.message);
      continue;
    }
    const size = statSync(tmp).size;
    const got = await sha256File(tmp);
    if (got !== want.sha256 || (want.size !== undefined && size !== want.size)) {
      rmSync(tmp, { force: true });
      throw new FetchError(
        `checksum mismatch for ${want.name} from ${url}: expected sha256 ${want.sha256}` +
          `${want.size !== undefined ? ` (${want.size} bytes)` : ''}, got ${got} (${size} bytes)`,
      );
    }
    publish(tmp, final);
    return final;
  }
  throw new FetchError(`cannot fetch ${want.name}: ${failures.join('; ')}`);
}
