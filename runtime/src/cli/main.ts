#!/usr/bin/env node
import '../index.js';
import { endQuietlyOnClosedPipe } from './closedPipe.js';
import { createProgram } from './program.js';
import { reserveStdoutForJson } from './stdoutForJson.js';

endQuietlyOnClosedPipe(process.stdout);
endQuietlyOnClosedPipe(process.stderr);
process.exitCode = await createProgram({ stdout: reserveStdoutForJson(process.argv) }).run(process.argv);
