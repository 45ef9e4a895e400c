package invoke

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxCertFileSize is the largest certificate, key or CA bundle file Junction
// reads. Real bundles are a few hundred KiB at most; the bound keeps a path
// such as /dev/zero from filling memory.
const MaxCertFileSize = 1 << 20

// ErrCertFile is wrapped by every error of ReadCertFile and CheckCertFile.
var ErrCertFile = errors.New("certificate file refused")

// CheckCertFile says whether path names a regular file of at most
// MaxCertFileSize bytes, without opening it (so a FIFO or a device cannot
// block or flood the caller). The error is a sentence that names the path.
func CheckCertFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%w: cannot read %s: %s", ErrCertFile, path, fileError(err))
	}
	return certFileInfo(path, fi)
}

func certFileInfo(path string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		what := "not a regular file"
		switch {
		case fi.IsDir():
			what = "a folder, not a file"
		case fi.Mode()&fs.ModeNamedPipe != 0:
			what = "a named pipe (FIFO), not a file"
		case fi.Mode()&fs.ModeDevice != 0:
			what = "a device, not a file"
		case fi.Mode()&fs.ModeSocket != 0:
			what = "a socket, not a file"
		}
		return fmt.Errorf("%w: %s is %s", ErrCertFile, path, what)
	}
	if fi.Size() > MaxCertFileSize {
		return fmt.Errorf("%w: %s is %d bytes; certificate files over %d bytes (1 MiB) are refused", ErrCertFile, path, fi.Size(), MaxCertFileSize)
	}
	return nil
}

// ReadCertFile reads a certificate, key or CA bundle file: a regular file of
// at most MaxCertFileSize bytes. It opens without blocking (a FIFO swapped in
// after the check cannot hang the call), checks the opened file itself and
// reads no more than the bound.
func ReadCertFile(path string) ([]byte, error) {
	if err := CheckCertFile(path); err != nil {
		return nil, err
	}
	// O_NONBLOCK makes open return at once on a FIFO; regular files ignore it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot read %s: %s", ErrCertFile, path, fileError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%w: cannot read %s: %s", ErrCertFile, path, fileError(err))
	}
	if err := certFileInfo(path, fi); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxCertFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%w: cannot read %s: %s", ErrCertFile, path, fileError(err))
	}
	if len(data) > MaxCertFileSize {
		return nil, fmt.Errorf("%w: %s grew past %d bytes (1 MiB) while being read", ErrCertFile, path, MaxCertFileSize)
	}
	return data, nil
}
