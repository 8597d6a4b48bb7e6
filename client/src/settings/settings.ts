/** The `messenger.*` settings of a workspace folder, read once into a plain object. */
import * as vscode from 'vscode';
import { isLogLevel, type LogLevel } from '../logging/logLevel';

export interface MessengerSettings {
  readonly configPath: string;
  /** In a restricted workspace VS Code returns the user's value only (restrictedConfigurations). */
  readonly cliCommand: string;
  readonly environment: string;
  readonly logLevel: LogLevel;
}

export function readSettings(scope?: vscode.ConfigurationScope): MessengerSettings {
  const config = vscode.workspace.getConfiguration('messenger', scope);
  const logLevel = config.get<string>('logLevel');
  return {
    configPath: config.get<string>('configPath') ?? '',
    cliCommand: config.get<string>('cliCommand') ?? '',
    environment: config.get<string>('environment') ?? '',
    logLevel: isLogLevel(logLevel) ? logLevel : 'info',
  };
}
