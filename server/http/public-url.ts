/**
 * The public origin of this server, for every absolute URL it writes (OGC API links, TileJSON,
 * the open-data export): PUBLIC_URL when the deployment sets it (behind a proxy, with a path
 * prefix if it has one), else the request's scheme and Host — but only a Host that is a host.
 *
 * The Host header is the client's to write, and these documents are publicly cached: a Host of
 * `evil.example/"><script>` must not reach a TileJSON a proxy then hands to everyone. A value that
 * is not hostname[:port] (RFC 3986 reg-name of DNS labels, IPv4, or a bracketed IPv6 literal) is
 * replaced by the address the request came in on, which is this server's own.
 */
import type { Request } from 'express';
import type { Config } from '../config.js';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?:(?:${LABEL}\\.)*${LABEL}|\\[[0-9A-Fa-f:.]{2,45}\\])(?::(\\d{1,5}))?$`);

/** A Host header value when it is hostname[:port] with a port of 1-65535, else undefined. */
export function validHost(host: string | undefined): string | undefined {
  if (!host || host.length > 261) return undefined;
  const match = HOST.exec(host);
  if (!match) return undefined;
  if (match[1] !== undefined && !(Number(match[1]) >= 1 && Number(match[1]) <= 65535)) return undefined;
  return host;
}

/** host:port of the socket the request arrived on: this server, as the client reached it. */
function ownAddress(req: Request): string {
  const address = req.socket?.localAddress?.replace(/^::ffff:/, '');
  const port = req.socket?.localPort;
  if (!address) return 'localhost';
  const host = address.includes(':') ? `[${address}]` : address;
  return port ? `${host}:${port}` : host;
}

/** The origin (and PUBLIC_URL's path prefix) absolute URLs start with; no trailing slash. */
export function publicOrigin(req: Request, config: Pick<Config, 'PUBLIC_URL'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  return `${req.protocol}://${validHost(req.get('host')) ?? ownAddress(req)}`;
}
