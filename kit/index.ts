/**
 * The authoring kit: the one module a lesson's setup.ts and its checker import. Everything an
 * author needs comes from here: the fixture builders and SetupContext (from the lesson engine), the
 * checker library (defineChecker, pass/fail/notYet, hints, learner files), the registry's types,
 * MediaTypes, sha256 and the spec's endpoint table, and the recorded traffic's types.
 *
 * Why a module of its own at the top, and not checkers/lib: the fixture builders and SetupContext
 * belong to the lesson engine (server/lessons), which sits ABOVE checkers/lib because the engine
 * runs the checks. checkers/lib cannot re-export the engine without pointing a layer upwards, so
 * the one door for authors has to sit above both. Nothing in the server imports the kit: the engine
 * loads setup.ts and checkers by path at run time, so the kit adds no cycle. `npm run lint:layers`
 * refuses a setup.ts or a checker that imports anything else (besides its own lesson's setup.ts).
 */
export { tarLayer, buildImage, withRunConfig, buildIndex, pushImage } from '../server/lessons/index.ts';
export type { Layer, LayerEntry, ImageParts, RunConfig, SeededRandom, SetupContext, SetupFunction } from '../server/lessons/index.ts';

export {
  defineChecker, pass, fail, notYet, short, explainTraffic, closestName, isDigest, formBodyCause, isMultipart, FileRefused, readEvidence,
  savedFiles, findNamed, judgeRootfs, blobArrivals, blobHeads, mountRequest, MediaTypes, sha256,
} from '../checkers/lib/index.ts';
export type {
  Checker, CheckContext, CheckResult, TaskCheck, LearnerFiles, DirectoryEntry, SavedFile, ExpectedRootfs, BlobArrivals,
} from '../checkers/lib/index.ts';

export { SpecEndpoints, citeSpec, specPath } from '../server/registry/index.ts';
export type { Descriptor, RegistryClient, SpecEndpoint } from '../server/registry/index.ts';
export type { TrafficEntry } from '../server/recorder/index.ts';
