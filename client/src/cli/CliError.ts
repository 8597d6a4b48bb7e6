import { maskText } from '../masking/maskCredentials';

/** A problem the CLI reported, or a failure to run it, with a message a user can act on. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    /** The runtime's error class when the CLI reported one (`InvalidConfigurationException`…). */
    readonly errorClass?: string,
    readonly exitCode?: number | null,
  ) {
    super(maskText(message));
  }
}
