import { extraSettings } from './postgres-server';

describe('EMBEDDED_POSTGRES_SETTINGS', () => {
  it('passes each name=value pair to the server as a -c flag', () => {
    expect(extraSettings('shared_buffers=2GB  max_wal_size=16GB')).toEqual(['-c', 'shared_buffers=2GB', '-c', 'max_wal_size=16GB']);
  });

  it('adds nothing when unset or blank', () => {
    expect(extraSettings(undefined)).toEqual([]);
    expect(extraSettings('  ')).toEqual([]);
  });

  it('refuses what is not name=value, naming it, so nothing reaches the command line unchecked', () => {
    expect(() => extraSettings('shared_buffers=2GB; rm -rf')).toThrow('"shared_buffers=2GB;" is not name=value');
    expect(() => extraSettings('fsync')).toThrow('"fsync" is not name=value');
  });
});
