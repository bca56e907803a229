/**
 * A `.zip` into {@link IncomingFile}s (fflate). Sizes are checked against the limits from
 * the archive's directory before anything is inflated, so a zip bomb is refused unread;
 * names are confined later, by `planImport`, like every other import.
 */
import { unzipSync } from 'fflate';
import { DEFAULT_LIMITS, formatBytes, ImportError, type ImportLimits, type IncomingFile } from './import-plan.ts';

/** Entries that are not part of a project: folders, and macOS's resource-fork copies. */
function isNoise(name: string): boolean {
  return name.endsWith('/') || name.startsWith('__MACOSX/') || name.endsWith('/.DS_Store') || name === '.DS_Store';
}

/** The files of a zip archive. Throws {@link ImportError} for a damaged archive or one over the limits. */
export function readZip(bytes: Uint8Array, limits: ImportLimits = DEFAULT_LIMITS): IncomingFile[] {
  if (bytes.length > limits.maxTotalBytes * 2) throw new ImportError(`the zip is ${formatBytes(bytes.length)}: it can be at most ${formatBytes(limits.maxTotalBytes * 2)}`);
  let count = 0;
  let total = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter(file) {
        if (isNoise(file.name)) return false;
        if (++count > limits.maxFiles) throw new ImportError(`the zip holds more than ${limits.maxFiles} files, the most one import can hold`);
        if (file.originalSize > limits.maxFileBytes) throw new ImportError(`${file.name} is ${formatBytes(file.originalSize)}: a file can be at most ${formatBytes(limits.maxFileBytes)}`);
        total += file.originalSize;
        if (total > limits.maxTotalBytes) throw new ImportError(`the zip's files add up to more than ${formatBytes(limits.maxTotalBytes)}, the most one import can hold`);
        return true;
      },
    });
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`this is not a zip archive stageplay can read (${err instanceof Error ? err.message : String(err)})`);
  }
  return Object.entries(unzipped).map(([name, data]) => ({ name, data }));
}
