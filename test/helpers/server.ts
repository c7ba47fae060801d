/** The real lab the tests start lives with the scripts that also use it (bench, content tests). */
export { freePort, startTestLab } from '../../scripts/lib/lab.ts';
