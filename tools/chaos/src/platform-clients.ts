/** The demo clients startPlatformProcesses registers (tools/infra/src/demo-clients.ts), as far as the load uses them. */
export type DemoClientLike = {
  clientId: string;
  clientSecret: string;
  agencyId: string;
  scopes: string[];
  xapi?: { username: string; password: string };
};
