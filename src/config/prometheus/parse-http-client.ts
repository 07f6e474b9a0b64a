import { isAbsolute, join } from 'node:path';
import { checkKeys, childPath, fail, readBool, readMap, readString } from './fields.js';
import { AUTHORIZATION_KEYS, BASIC_AUTH_KEYS, TLS_CONFIG_KEYS } from './known-keys.js';
import type { Authorization, BasicAuth, TlsConfig, TlsVersion, UnsupportedKey } from './types.js';
import type { YamlMap, YamlValue } from './yaml-tree.js';

/** The HTTP client part of a scrape config (Prometheus inlines these keys into it). */
export interface HttpClientSettings {
  readonly basicAuth: BasicAuth | undefined;
  readonly authorization: Authorization | undefined;
  readonly tlsConfig: TlsConfig;
  readonly followRedirects: boolean;
}

/** A relative path in the config is relative to the config file's directory, as in Prometheus. */
export function joinDir(baseDir: string, file: string | undefined): string | undefined {
  if (file === undefined || file === '' || isAbsolute(file)) return file;
  return join(baseDir, file);
}

/** Empty strings count as unset, as Prometheus compares these fields with "". */
function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/** Reads the auth, TLS and redirect keys of one scrape config, with Prometheus's exclusivity rules. */
export function parseHttpClient(map: YamlMap, path: string, baseDir: string, unsupported: UnsupportedKey[]): HttpClientSettings {
  const at = (key: string): string => childPath(path, key);
  const basicAuth = parseBasicAuth(map.entries.get('basic_auth'), at('basic_auth'), baseDir, unsupported);
  let authorization = parseAuthorization(map.entries.get('authorization'), at('authorization'), baseDir, unsupported);
  const bearerToken = nonEmpty(readString(map.entries.get('bearer_token'), at('bearer_token')));
  const bearerTokenFile = nonEmpty(readString(map.entries.get('bearer_token_file'), at('bearer_token_file')));

  if (bearerToken !== undefined && bearerTokenFile !== undefined) fail(at('bearer_token_file'), 'at most one of bearer_token and bearer_token_file may be set');
  const bearerKey = bearerToken !== undefined ? 'bearer_token' : bearerTokenFile !== undefined ? 'bearer_token_file' : undefined;
  if (bearerKey !== undefined) {
    if (basicAuth !== undefined) fail(at(bearerKey), `${bearerKey} cannot be combined with basic_auth`);
    if (authorization !== undefined) fail(at(bearerKey), `${bearerKey} cannot be combined with authorization (it is the older spelling of it)`);
    authorization = { type: 'Bearer', credentials: bearerToken ?? '', credentialsFile: joinDir(baseDir, bearerTokenFile) };
  }
  if (authorization !== undefined && basicAuth !== undefined) fail(at('authorization'), 'at most one of basic_auth and authorization may be set');

  return {
    basicAuth,
    authorization,
    tlsConfig: parseTlsConfig(map.entries.get('tls_config'), at('tls_config'), baseDir, unsupported),
    followRedirects: readBool(map.entries.get('follow_redirects'), at('follow_redirects')) ?? true,
  };
}

function parseBasicAuth(node: YamlValue | undefined, path: string, baseDir: string, unsupported: UnsupportedKey[]): BasicAuth | undefined {
  const map = readMap(node, path);
  if (map === undefined) return undefined;
  checkKeys(map, path, BASIC_AUTH_KEYS, unsupported);
  const get = (key: string): string | undefined => nonEmpty(readString(map.entries.get(key), childPath(path, key)));
  const username = get('username');
  const usernameFile = get('username_file');
  const password = get('password');
  const passwordFile = get('password_file');
  if (username !== undefined && usernameFile !== undefined) fail(childPath(path, 'username_file'), 'at most one of username and username_file may be set');
  if (password !== undefined && passwordFile !== undefined) fail(childPath(path, 'password_file'), 'at most one of password and password_file may be set');
  return { username: username ?? '', usernameFile: joinDir(baseDir, usernameFile), password: password ?? '', passwordFile: joinDir(baseDir, passwordFile) };
}

function parseAuthorization(node: YamlValue | undefined, path: string, baseDir: string, unsupported: UnsupportedKey[]): Authorization | undefined {
  const map = readMap(node, path);
  if (map === undefined) return undefined;
  checkKeys(map, path, AUTHORIZATION_KEYS, unsupported);
  const type = (readString(map.entries.get('type'), childPath(path, 'type')) ?? '').trim() || 'Bearer';
  if (type.toLowerCase() === 'basic') fail(childPath(path, 'type'), 'authorization type cannot be "basic"; use basic_auth instead');
  const credentials = nonEmpty(readString(map.entries.get('credentials'), childPath(path, 'credentials')));
  const credentialsFile = nonEmpty(readString(map.entries.get('credentials_file'), childPath(path, 'credentials_file')));
  if (credentials !== undefined && credentialsFile !== undefined) fail(childPath(path, 'credentials_file'), 'at most one of credentials and credentials_file may be set');
  return { type, credentials: credentials ?? '', credentialsFile: joinDir(baseDir, credentialsFile) };
}

const TLS_VERSIONS: ReadonlySet<string> = new Set<TlsVersion>(['TLS10', 'TLS11', 'TLS12', 'TLS13']);

function parseTlsConfig(node: YamlValue | undefined, path: string, baseDir: string, unsupported: UnsupportedKey[]): TlsConfig {
  const map = readMap(node, path);
  if (map !== undefined) checkKeys(map, path, TLS_CONFIG_KEYS, unsupported);
  const get = (key: string): string | undefined => nonEmpty(readString(map?.entries.get(key), childPath(path, key)));
  const pair = (inline: string, file: string): [string | undefined, string | undefined] => {
    const a = get(inline);
    const b = get(file);
    if (a !== undefined && b !== undefined) fail(childPath(path, file), `at most one of ${inline} and ${file} may be set`);
    return [a, joinDir(baseDir, b)];
  };
  const [ca, caFile] = pair('ca', 'ca_file');
  const [cert, certFile] = pair('cert', 'cert_file');
  const [key, keyFile] = pair('key', 'key_file');
  const hasCert = cert !== undefined || certFile !== undefined;
  const hasKey = key !== undefined || keyFile !== undefined;
  if (hasCert && !hasKey) fail(path, 'a client certificate (cert or cert_file) needs its key (key or key_file)');
  if (hasKey && !hasCert) fail(path, 'a client key (key or key_file) needs its certificate (cert or cert_file)');
  const version = (name: string): TlsVersion | undefined => {
    const v = get(name);
    if (v !== undefined && !TLS_VERSIONS.has(v)) fail(childPath(path, name), `unknown TLS version ${JSON.stringify(v)}; expected one of ${[...TLS_VERSIONS].join(', ')}`);
    return v as TlsVersion | undefined;
  };
  return {
    ca,
    caFile,
    cert,
    certFile,
    key,
    keyFile,
    serverName: get('server_name'),
    insecureSkipVerify: readBool(map?.entries.get('insecure_skip_verify'), childPath(path, 'insecure_skip_verify')) ?? false,
    minVersion: version('min_version'),
    maxVersion: version('max_version'),
  };
}
