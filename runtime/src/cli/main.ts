#!/usr/bin/env node
import '../index.js';
import { createProgram } from './program.js';
import { reserveStdoutForJson } from './stdoutForJson.js';

process.exitCode = await createProgram({ stdout: reserveStdoutForJson(process.argv) }).run(process.argv);
