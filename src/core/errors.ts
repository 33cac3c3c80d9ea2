/** A problem the person in chat caused and can fix; its message is written for them and shown as is. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
