/**
 * templates/*.mustache imported from src/gas: scripts/build-gas.mjs bakes each
 * file into dist/Code.js as its text (esbuild's `text` loader), because Apps
 * Script has no file system to read templates/ from at run time.
 */
declare module '*.mustache' {
  const text: string;
  export default text;
}
