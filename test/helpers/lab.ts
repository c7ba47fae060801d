/** The real lab the tests start lives with the scripts that also use it (bench, content tests). */
export { registryBinary, startManager, testConfig } from '../../scripts/lib/lab.ts';
