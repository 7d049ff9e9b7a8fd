import { checkEndpoint, mayConnectTo } from './endpoint-rules';

const production = { allowLoopback: false };
const development = { allowLoopback: true };

describe('endpoint rules against server-side request forgery', () => {
  it.each(['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::5', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1', 'not-an-ip'])('refuses %s in production', (address) => {
    expect(mayConnectTo(address, production)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(mayConnectTo(address, production)).toBe(true);
  });

  it('allows loopback, and only loopback, in development', () => {
    expect(mayConnectTo('127.0.0.1', development)).toBe(true);
    expect(mayConnectTo('::1', development)).toBe(true);
    expect(mayConnectTo('10.0.0.1', development)).toBe(false);
  });

  it('takes https endpoints and refuses plain http outside loopback in development', () => {
    expect(checkEndpoint('https://hooks.example.go.id/in', production).ok).toBe(true);
    expect(checkEndpoint('http://hooks.example.go.id/in', production)).toEqual({ ok: false, reason: expect.stringContaining('https') });
    expect(checkEndpoint('http://127.0.0.1:8080/in', production).ok).toBe(false);
    expect(checkEndpoint('http://127.0.0.1:8080/in', development).ok).toBe(true);
    expect(checkEndpoint('http://localhost:8080/in', development).ok).toBe(true);
    expect(checkEndpoint('http://hooks.example.go.id/in', development).ok).toBe(false);
  });

  it('refuses literal internal addresses, credentials, other schemes and overlong URLs', () => {
    expect(checkEndpoint('https://169.254.169.254/latest/meta-data', production).ok).toBe(false);
    expect(checkEndpoint('https://[::1]/in', production).ok).toBe(false);
    expect(checkEndpoint('https://localhost/in', production).ok).toBe(false);
    expect(checkEndpoint('https://user:pw@hooks.example.go.id/', production).ok).toBe(false);
    expect(checkEndpoint('ftp://hooks.example.go.id/', production).ok).toBe(false);
    expect(checkEndpoint('not a url', production).ok).toBe(false);
    expect(checkEndpoint(`https://hooks.example.go.id/${'a'.repeat(2048)}`, production).ok).toBe(false);
  });
});
