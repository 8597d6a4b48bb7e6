#!/usr/bin/env node
import '../index.js';
import { createProgram } from './program.js';

process.exitCode = await createProgram().run(process.argv);
