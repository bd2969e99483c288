//go:build !unix && !windows

package register

// osLock is nil without a file lock (Plan 9, WebAssembly): the lock file's
// existence is the lock.
var osLock fileLock
