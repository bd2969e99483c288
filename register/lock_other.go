//go:build !unix

package register

import "os"

// tryLock on systems without flock: the lock file's existence is the
// lock (created exclusively by Lock); nothing more to take.
func tryLock(f *os.File) (bool, error) { return true, nil }
