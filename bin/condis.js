#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm ci` through the package's prepare script): no
// TypeScript loader at run time.
import { run } from "../dist/cli/main.js";

await run();
