// Package fsx is the one atomic file writer: the secret key file, the audit
// anchor and every export write through it, so a crash, a full disk or a
// failed write leaves the old file or the new one, never a part of either.
package fsx

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Option changes how Write puts the file in place.
type Option int

const (
	// NoReplace never replaces a file already at the path: the write fails
	// with an error that is fs.ErrExist. The new file is hard-linked into
	// place (a link, unlike a rename, cannot replace a file another process
	// created meanwhile); where the filesystem has no hard links it is
	// renamed after checking again.
	NoReplace Option = 1 << iota
	// NoSync leaves out both fsyncs, for a file that must not be more
	// durable than what it describes (the audit anchor follows commits made
	// with synchronous=NORMAL). The rename still keeps it whole.
	NoSync
)

// WriteFile writes data to path atomically, with mode perm whatever the
// umask: a temporary file in the same folder is written, synced and renamed
// over path, then the folder is synced so the new name survives a power loss.
func WriteFile(path string, data []byte, perm fs.FileMode, opts ...Option) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, opts...)
}

// Write is WriteFile for content that fill writes. When fill fails, nothing
// but the old file (if any) stays at or beside path. Errors are
// *fs.PathError naming path (not the temporary file).
func Write(path string, perm fs.FileMode, fill func(io.Writer) error, opts ...Option) error {
	var o Option
	for _, opt := range opts {
		o |= opt
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".new-*")
	if err != nil {
		return pathError("create", path, err)
	}
	tmp := f.Name()
	// Once renamed this name is gone; once linked only this name of the file goes.
	defer os.Remove(tmp)
	werr := fill(f)
	if werr == nil {
		werr = f.Chmod(perm)
	}
	if werr == nil && o&NoSync == 0 {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return pathError("write", path, werr)
	}
	if o&NoReplace != 0 {
		err = link(tmp, path)
	} else {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return pathError("rename", path, err)
	}
	if o&NoSync == 0 {
		if err := syncDir(dir); err != nil {
			return pathError("sync", dir, err)
		}
	}
	return nil
}

// Rewind empties what a fill of Write has written so far, for a fill that
// must start over; w is the writer Write gave it.
func Rewind(w io.Writer) error {
	f, ok := w.(*os.File)
	if !ok {
		return errors.New("fsx: Rewind takes the writer Write gives its fill")
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.Seek(0, io.SeekStart)
	return err
}

// link puts tmp at path unless a file is there already.
func link(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	// The filesystem has no hard links: rename, after checking again.
	if _, serr := os.Lstat(path); serr == nil {
		return fs.ErrExist
	}
	return os.Rename(tmp, path)
}

// pathError names path in err. The os package's own errors name the
// temporary file, so only their cause is kept; an error of the caller's
// fill is kept whole.
func pathError(op, path string, err error) error {
	switch e := err.(type) {
	case *fs.PathError:
		err = e.Err
	case *os.LinkError:
		err = e.Err
	}
	return &fs.PathError{Op: op, Path: path, Err: err}
}

// syncDir makes a new name in dir durable. Windows cannot open a folder for
// syncing and makes renames durable itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
