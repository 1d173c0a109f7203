/** An error of the control API / in-process methods, with the HTTP status the control API answers. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A Tiny validation failure raised by domain code and rendered by the service as code 31. */
export class TinyValidation extends Error {
  constructor(
    readonly messages: string[],
    readonly code = 31,
  ) {
    super(messages.join('; '));
  }
}
