/** Snapshot loaders for offline sources: manifest files / directories and `kubectl get -o json` dumps. */
export { loadManifests, loadManifestText, type LoadResult } from './manifests';
export { loadDump, splitJsonValues } from './dump';
export { SnapshotBuilder, type LoadError, type SourceLocation } from './builder';
export { objectLocationKey, objectsKeyFor, isClusterScoped, sanitizeObject } from './classify';
