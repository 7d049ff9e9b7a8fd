/** An infrastructure problem a person can act on; printed as one clear message, without a stack trace. */
export class InfraError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InfraError';
  }
}
