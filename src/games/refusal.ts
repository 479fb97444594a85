/**
 * A refused action: a stable code and a sentence. Rules return or throw these and change
 * nothing; rooms send them to the one client whose action was refused.
 */
export class Refusal extends Error {
  override name = 'Refusal';
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
